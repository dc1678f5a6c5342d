import {
  ErrorCode,
  NotFoundError,
  UnavailableError,
  ValidationFailedError,
} from '@vantage/contracts';
import { toErrorPayload } from './to-error-payload';

describe('toErrorPayload', () => {
  it('keeps the status and message of a domain error thrown by a handler', () => {
    expect(toErrorPayload(new NotFoundError('no such series'), 'telemetry')).toEqual({
      code: ErrorCode.NotFound,
      status: 404,
      message: 'no such series',
      service: 'telemetry',
    });
  });

  it('keeps field errors and Retry-After hints', () => {
    const invalid = new ValidationFailedError('bad query', [{ field: 'from', message: 'too old' }]);

    expect(toErrorPayload(invalid, 'telemetry')).toMatchObject({
      status: 400,
      errors: [{ field: 'from', message: 'too old' }],
    });
    expect(toErrorPayload(new UnavailableError('busy', 7), 'billing')).toMatchObject({
      status: 503,
      message: 'busy',
      retryAfterSeconds: 7,
    });
  });

  it('passes an error payload from a service further down on, naming where it started', () => {
    const payload = { code: ErrorCode.Conflict, status: 409, message: 'taken', service: 'billing' };

    expect(toErrorPayload(payload, 'reporting')).toEqual(payload);
  });

  it('hides anything unexpected behind INTERNAL and an errorId', () => {
    const payload = toErrorPayload(new Error('secret detail'), 'telemetry');

    expect(payload).toMatchObject({
      code: ErrorCode.Internal,
      status: 500,
      message: 'internal error',
    });
    expect(payload.errorId).toEqual(expect.any(String));
  });

  it('answers 503 with Retry-After when the database cannot be reached', () => {
    const outage = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:27017'), {
      name: 'MongoServerSelectionError',
    });
    const payload = toErrorPayload(outage, 'traffic-monitor');

    expect(payload).toMatchObject({
      code: ErrorCode.Unavailable,
      status: 503,
      retryAfterSeconds: 5,
      service: 'traffic-monitor',
    });
    expect(payload.message).not.toContain('ECONNREFUSED');
  });
});
