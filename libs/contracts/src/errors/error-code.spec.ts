import { ErrorCode, errorCodeOfStatus, httpStatusOf } from './error-code';
import { isErrorPayload } from './error-payload';
import { NotFoundError } from './domain-error';

describe('error codes', () => {
  it('maps every code to a status and back to the same code, or to the code it refines', () => {
    const refines: Partial<Record<ErrorCode, ErrorCode>> = {
      [ErrorCode.MailQuotaExceeded]: ErrorCode.RateLimited,
      [ErrorCode.PlanLimitReached]: ErrorCode.Conflict,
      [ErrorCode.BillingPriceNotConfigured]: ErrorCode.Unavailable,
    };
    for (const code of Object.values(ErrorCode)) {
      expect(errorCodeOfStatus(httpStatusOf(code))).toBe(refines[code] ?? code);
    }
  });

  it('treats unknown 5xx statuses as internal errors and unknown 4xx as validation errors', () => {
    expect(errorCodeOfStatus(502)).toBe(ErrorCode.Internal);
    expect(errorCodeOfStatus(422)).toBe(ErrorCode.ValidationFailed);
  });

  it('gives domain errors their status and name', () => {
    const error = new NotFoundError('no such alert');
    expect(error.status).toBe(404);
    expect(error.name).toBe('NotFoundError');
  });

  it('recognises an error payload only when its code is known', () => {
    expect(isErrorPayload({ code: 'NOT_FOUND', status: 404, message: 'x' })).toBe(true);
    expect(isErrorPayload({ code: 'NOPE', status: 404, message: 'x' })).toBe(false);
    expect(isErrorPayload('NOT_FOUND')).toBe(false);
  });
});
