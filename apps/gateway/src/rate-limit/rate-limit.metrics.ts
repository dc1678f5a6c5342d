import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';
import type { RateLimitTier } from './rate-limit-tiers';

/** The rate limiter's Prometheus series; safe to create in two apps of one test process. */
@Injectable()
export class RateLimitMetrics {
  private readonly limited = registeredCounter<'tier'>(register, {
    name: 'vantage_rate_limited_total',
    help: 'Requests refused with 429 by the gateway rate limiter, by tier',
    labelNames: ['tier'],
  });

  private readonly storeErrors = registeredCounter(register, {
    name: 'vantage_rate_limit_store_errors_total',
    help: 'Requests let through unthrottled because the rate-limit store (Redis) failed',
  });

  refused(tier: RateLimitTier): void {
    this.limited.inc({ tier });
  }

  storeFailed(): void {
    this.storeErrors.inc();
  }
}
