import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import Stripe from 'stripe';
import { BillingConfig } from '../config/billing.config';
import { CircuitBreaker } from './circuit-breaker';
import { isStripeOutage, toDomainError } from './stripe-errors';

/** The SDK's settings from the config: where the API is, how long a call may take, retries. */
export function stripeClientConfig(config: BillingConfig): Stripe.StripeConfig {
  const settings: Stripe.StripeConfig = {
    timeout: config.STRIPE_TIMEOUT_MS,
    maxNetworkRetries: config.STRIPE_MAX_NETWORK_RETRIES,
    telemetry: false,
    appInfo: { name: 'vantage-billing' },
  };
  if (config.STRIPE_API_URL !== '') {
    const url = new URL(config.STRIPE_API_URL);
    settings.host = url.hostname;
    settings.protocol = url.protocol === 'http:' ? 'http' : 'https';
    settings.port = url.port === '' ? (settings.protocol === 'http' ? 80 : 443) : Number(url.port);
  }
  return settings;
}

/**
 * The one way billing calls Stripe: the official SDK (timeout, network retries with backoff)
 * behind a circuit breaker, with Stripe's failures turned into domain errors (503 when Stripe
 * is down). Mutating calls pass an idempotency key, so a retry never does a thing twice.
 */
@Injectable()
export class StripeGateway {
  readonly stripe: Stripe;
  private readonly breaker: CircuitBreaker;

  constructor(
    config: BillingConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.stripe = new Stripe(config.STRIPE_SECRET_KEY, stripeClientConfig(config));
    this.breaker = new CircuitBreaker({
      failureThreshold: config.STRIPE_BREAKER_FAILURE_THRESHOLD,
      openMs: config.STRIPE_BREAKER_OPEN_MS,
      onStateChange: (state) =>
        (state === 'open' ? logger.warn : logger.info).call(
          logger,
          { target: 'stripe', state },
          'stripe circuit breaker state changed',
        ),
    });
  }

  get breakerState(): string {
    return this.breaker.state;
  }

  /** `operation` names the call in errors and logs, e.g. "checkout session creation". */
  async call<T>(operation: string, run: (stripe: Stripe) => Promise<T>): Promise<T> {
    try {
      return await this.breaker.run(() => run(this.stripe), isStripeOutage);
    } catch (error) {
      if (isStripeOutage(error)) {
        this.logger.warn({ err: describe(error), operation }, 'stripe call failed');
      }
      throw toDomainError(error, operation);
    }
  }
}

/** Stripe's errors carry the raw response; a log needs only what happened. */
function describe(error: unknown): { type: string; message: string } {
  if (error instanceof Stripe.errors.StripeError)
    return { type: error.type, message: error.message };
  return { type: 'unknown', message: error instanceof Error ? error.message : String(error) };
}
