import { ErrorCode, UnavailableError } from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import { TimeoutError as DeadlineExceeded } from 'rxjs';
import { CircuitOpenError } from './circuit-breaker';

/**
 * Whether a failed request shows the service unavailable (no replica answered in time, or the
 * service said it cannot work now): only these count against its circuit breaker. Domain errors
 * (4xx) and a crash answered as INTERNAL show a service that is there.
 */
export function showsServiceUnavailable(error: unknown): boolean {
  if (error instanceof TransportError) {
    return error.code === ErrorCode.Timeout || error.code === ErrorCode.Unavailable;
  }
  return error instanceof DeadlineExceeded;
}

/**
 * What a routed call throws to its caller. Unavailability in any form becomes UnavailableError
 * (503 with Retry-After: when the breaker will let a call through, or the service's own hint,
 * at least a second). Everything else passes unchanged, so a downstream 404 stays a 404 and an
 * INTERNAL keeps the errorId the service logged.
 */
export function toRoutedError(
  service: string,
  error: unknown,
  breakerRetryAfterMs: number,
): unknown {
  if (error instanceof CircuitOpenError) {
    return new UnavailableError(
      `the ${service} service is unavailable; retry later`,
      retryAfterSeconds(error.retryAfterMs),
    );
  }
  if (!showsServiceUnavailable(error)) return error;
  const hint = error instanceof TransportError ? (error.payload.retryAfterSeconds ?? 0) : 0;
  const reason =
    error instanceof TransportError && error.code === ErrorCode.Unavailable
      ? 'is unavailable'
      : 'did not answer in time';
  return new UnavailableError(
    `the ${service} service ${reason}; retry later`,
    Math.max(retryAfterSeconds(breakerRetryAfterMs), hint),
  );
}

function retryAfterSeconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
