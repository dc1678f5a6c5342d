import { ErrorCode, UnavailableError } from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import { TimeoutError as DeadlineExceeded } from 'rxjs';
import { CircuitOpenError } from './circuit-breaker';
import { showsServiceUnavailable, toRoutedError } from './routing-errors';

const downstream = (code: ErrorCode, status: number, extra: object = {}) =>
  new TransportError({
    code,
    status,
    message: `${code} from telemetry`,
    service: 'telemetry',
    ...extra,
  });

describe('showsServiceUnavailable', () => {
  it('counts timeouts and UNAVAILABLE against the service', () => {
    expect(showsServiceUnavailable(downstream(ErrorCode.Timeout, 504))).toBe(true);
    expect(showsServiceUnavailable(downstream(ErrorCode.Unavailable, 503))).toBe(true);
    expect(showsServiceUnavailable(new DeadlineExceeded())).toBe(true);
  });

  it('does not count answers: domain errors, rate limits and crashes', () => {
    expect(showsServiceUnavailable(downstream(ErrorCode.NotFound, 404))).toBe(false);
    expect(showsServiceUnavailable(downstream(ErrorCode.ValidationFailed, 400))).toBe(false);
    expect(showsServiceUnavailable(downstream(ErrorCode.RateLimited, 429))).toBe(false);
    expect(showsServiceUnavailable(downstream(ErrorCode.Internal, 500))).toBe(false);
  });
});

describe('toRoutedError', () => {
  it('passes domain errors and crashes through unchanged', () => {
    const notFound = downstream(ErrorCode.NotFound, 404);
    const crash = downstream(ErrorCode.Internal, 500, { errorId: 'err-1' });

    expect(toRoutedError('telemetry', notFound, 0)).toBe(notFound);
    expect(toRoutedError('telemetry', crash, 0)).toBe(crash);
  });

  it('turns an open breaker into 503 with the time left, rounded up', () => {
    const routed = toRoutedError('telemetry', new CircuitOpenError(2_100), 0);

    expect(routed).toBeInstanceOf(UnavailableError);
    expect((routed as UnavailableError).retryAfterSeconds).toBe(3);
  });

  it('asks for at least one second, even when the breaker would let a call through now', () => {
    const routed = toRoutedError('telemetry', downstream(ErrorCode.Timeout, 504), 0);

    expect(routed).toBeInstanceOf(UnavailableError);
    expect((routed as UnavailableError).message).toBe(
      'the telemetry service did not answer in time; retry later',
    );
    expect((routed as UnavailableError).retryAfterSeconds).toBe(1);
  });

  it("keeps the service's own Retry-After hint when it is the longer wait", () => {
    const busy = downstream(ErrorCode.Unavailable, 503, { retryAfterSeconds: 30 });

    const routed = toRoutedError('telemetry', busy, 10_000) as UnavailableError;

    expect(routed.message).toBe('the telemetry service is unavailable; retry later');
    expect(routed.retryAfterSeconds).toBe(30);
  });
});
