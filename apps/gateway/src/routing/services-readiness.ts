import { Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessContributor } from '@vantage/service-runtime';
import { DOWNSTREAM_SERVICES } from './downstream-services';
import { ServiceRouter } from './service-router';

/** Short: a probe must answer within the orchestrator's timeout even when every service is away. */
export const SERVICE_PING_TIMEOUT_MS = 1000;

/**
 * The gateway is ready when it can reach every service: each one's ping is a readiness check
 * of its own (`details.telemetry.status`), so /health/ready says which service is missing.
 */
@Injectable()
export class ServicesReadiness implements ReadinessContributor {
  constructor(
    private readonly router: ServiceRouter,
    private readonly health: HealthIndicatorService,
  ) {}

  readinessChecks(): HealthIndicatorFunction[] {
    return DOWNSTREAM_SERVICES.map((service) =>
      this.health.check(service).attempt(async () => {
        const reply = await this.router.probe(service, SERVICE_PING_TIMEOUT_MS);
        return { instance: reply.instance, breaker: this.router.breakerState(service) };
      }),
    );
  }
}
