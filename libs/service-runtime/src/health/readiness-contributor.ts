import type { HealthIndicatorFunction } from '@nestjs/terminus';

/**
 * An app's own readiness checks, added to Redis and MongoDB: provide it under
 * READINESS_CONTRIBUTOR in any module (the gateway adds the reachability of each service).
 */
export interface ReadinessContributor {
  readinessChecks(): HealthIndicatorFunction[];
}

export const READINESS_CONTRIBUTOR = Symbol('READINESS_CONTRIBUTOR');
