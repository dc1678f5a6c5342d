import { Injectable } from '@nestjs/common';
import { HealthIndicatorFunction, HealthIndicatorService } from '@nestjs/terminus';
import type { ReadinessContributor } from '@vantage/service-runtime';
import { DOWNSTREAM_SERVICES } from './downstream-services';
import { ServiceRouter } from './service-router';

/** Short: a probe must answer within the orchestrator's timeout even when every service is away. */
export const SERVICE_PING_TIMEOUT_MS = 1000;

/**
 * Each readiness answer pings four services: probes arriving closer together than this share
 * one round of pings rather than each sending their own.
 */
export const SERVICE_READINESS_CACHE_MS = 1000;

/**
 * The gateway is ready when it can reach every service: each one's ping is a readiness check
 * of its own (`details.telemetry.status`), so /health/ready says which service is missing.
 * It says no more (no replica ids, no transport error, which names message patterns): an
 * operator needs which service, the service's own logs say why.
 */
@Injectable()
export class ServicesReadiness implements ReadinessContributor {
  constructor(
    private readonly router: ServiceRouter,
    private readonly health: HealthIndicatorService,
  ) {}

  readinessChecks(): HealthIndicatorFunction[] {
    return DOWNSTREAM_SERVICES.map(
      (service) => () =>
        this.health
          .check(service)
          .attempt(async () => {
            try {
              await this.router.probe(service, SERVICE_PING_TIMEOUT_MS);
            } catch {
              throw new Error('no answer');
            }
            return { breaker: this.router.breakerState(service) };
          })
          .cacheFor(SERVICE_READINESS_CACHE_MS),
    );
  }
}
