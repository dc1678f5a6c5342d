import { ErrorCode } from '@vantage/contracts';
import { TransportError } from '@vantage/transport';
import { toProblem } from './problem-details';

describe('toProblem of a downstream failure', () => {
  it("keeps a service's validation error with its field errors", () => {
    const error = new TransportError({
      code: ErrorCode.ValidationFailed,
      status: 400,
      message: 'the query is not valid',
      errors: [{ field: 'from', message: 'from must be before to' }],
      service: 'telemetry',
    });

    expect(toProblem(error, '/api/v1/telemetry/series').body).toMatchObject({
      status: 400,
      code: ErrorCode.ValidationFailed,
      detail: 'the query is not valid',
      errors: [{ field: 'from', message: 'from must be before to' }],
    });
  });

  it('answers a service crash as 500 with the errorId the service logged', () => {
    const error = new TransportError({
      code: ErrorCode.Internal,
      status: 500,
      message: 'internal error',
      errorId: 'err-from-telemetry',
      service: 'telemetry',
    });

    const problem = toProblem(error, '/api/v1/telemetry/series');

    expect(problem.body).toMatchObject({ status: 500, errorId: 'err-from-telemetry' });
    expect(problem.unexpected).toBe(true);
  });

  it('answers a timeout as 503 with Retry-After', () => {
    const error = new TransportError({
      code: ErrorCode.Timeout,
      status: 504,
      message: 'no reply',
      service: 'billing',
    });

    const problem = toProblem(error, '/api/v1/billing/invoices');

    expect(problem.body).toMatchObject({ status: 503, code: ErrorCode.Unavailable });
    expect(Number(problem.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it("does not pass on a transport failure's own words, which name patterns and replicas", () => {
    const error = new TransportError({
      code: ErrorCode.Timeout,
      status: 504,
      message:
        'no reply from billing within 5000 ms (billing.invoices.list.1): no live replica or too slow',
      service: 'billing',
    });

    const problem = toProblem(error, '/api/v1/billing/invoices');

    expect(problem.body.detail).toBe('a service is unavailable; retry later');
    expect(JSON.stringify(problem.body)).not.toContain('billing.invoices.list.1');
  });

  it('answers an unreachable database as 503 with Retry-After, not 500', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
      name: 'MongoServerSelectionError',
    });
    const problem = toProblem(outage, '/api/v1/rad-sets');

    expect(problem.body).toMatchObject({ status: 503, code: 'UNAVAILABLE' });
    expect(problem.body.detail).not.toContain('ECONNREFUSED');
    expect(problem.headers['retry-after']).toBe('5');
    expect(problem.unexpected).toBe(false);
  });
});
