import {
  ConflictError,
  ErrorCode,
  NotConfiguredError,
  NotFoundError,
  UnavailableError,
  ValidationFailedError,
} from '@vantage/contracts';
import Stripe from 'stripe';
import { CircuitOpenError } from './circuit-breaker';

/** How soon a caller may try again after Stripe failed or the breaker refused (seconds). */
const RETRY_AFTER_SECONDS = 5;

/**
 * Stripe could not be reached or failed on its side (or refused our credentials, which no retry
 * of the caller fixes either): these open the breaker and answer 503.
 */
export function isStripeOutage(error: unknown): boolean {
  const { errors } = Stripe;
  return (
    error instanceof errors.StripeConnectionError ||
    error instanceof errors.StripeAPIError ||
    error instanceof errors.StripeRateLimitError ||
    error instanceof errors.StripeAuthenticationError ||
    error instanceof errors.StripePermissionError ||
    (error instanceof errors.StripeError && (error.statusCode ?? 0) >= 500)
  );
}

/**
 * Stripe's failures as the domain errors callers understand: an outage or an open breaker is
 * 503 with Retry-After; a request Stripe refused is a 4xx with Stripe's (public) reason.
 */
export function toDomainError(error: unknown, operation: string): unknown {
  if (error instanceof CircuitOpenError) {
    return new UnavailableError(
      'Stripe is unavailable; retry later',
      Math.max(1, Math.ceil(error.retryAfterMs / 1000)),
    );
  }
  if (isStripeOutage(error)) {
    return new UnavailableError('Stripe is unavailable; retry later', RETRY_AFTER_SECONDS);
  }
  const { errors } = Stripe;
  if (error instanceof errors.StripeIdempotencyError) {
    return new ConflictError(`Stripe refused a repeated ${operation}: ${error.message}`);
  }
  if (isUnknownPrice(error)) {
    return new NotConfiguredError(
      ErrorCode.BillingPriceNotConfigured,
      `Stripe does not sell the configured price (${error.message}); operator: set billing's ` +
        'STRIPE_PRICE_* to prices of this Stripe account and mode (npm run billing:seed creates them)',
    );
  }
  if (error instanceof errors.StripeInvalidRequestError && error.statusCode === 404) {
    return new NotFoundError(`Stripe knows no such object (${operation})`);
  }
  if (error instanceof errors.StripeError) {
    return new ValidationFailedError(`Stripe refused the ${operation}: ${error.message}`);
  }
  return error;
}

/**
 * Stripe refusing a line item's price as missing: the price ids are billing's configuration
 * (a price of another account, or of test mode with a live key), never the client's input.
 */
function isUnknownPrice(error: unknown): error is Stripe.errors.StripeInvalidRequestError {
  return (
    error instanceof Stripe.errors.StripeInvalidRequestError &&
    error.code === 'resource_missing' &&
    /^line_items\[\d+\]\[price\]$/.test(error.param ?? '')
  );
}
