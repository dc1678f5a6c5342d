/** Every error a client can see, by stable code. HTTP statuses are derived, never stored. */
export enum ErrorCode {
  ValidationFailed = 'VALIDATION_FAILED',
  Unauthorized = 'UNAUTHORIZED',
  Forbidden = 'FORBIDDEN',
  NotFound = 'NOT_FOUND',
  Conflict = 'CONFLICT',
  /** A conflict with the org's plan: it already has as many of a resource as its plan allows. */
  PlanLimitReached = 'PLAN_LIMIT_REACHED',
  PayloadTooLarge = 'PAYLOAD_TOO_LARGE',
  RateLimited = 'RATE_LIMITED',
  /** The organisation's daily e-mail quota (by plan) is used up: a 429 of its own kind. */
  MailQuotaExceeded = 'MAIL_QUOTA_EXCEEDED',
  Unavailable = 'UNAVAILABLE',
  /**
   * A 503 of its own kind: billing has no Stripe price for a plan and interval it sells, which
   * an operator sets (the detail names the variable); retrying does not help until then.
   */
  BillingPriceNotConfigured = 'BILLING_PRICE_NOT_CONFIGURED',
  Timeout = 'TIMEOUT',
  Internal = 'INTERNAL',
}

/** Codes of a server that lacks configuration a request needs (see NotConfiguredError). */
export type NotConfiguredCode = ErrorCode.BillingPriceNotConfigured;

export function httpStatusOf(code: ErrorCode): number {
  switch (code) {
    case ErrorCode.ValidationFailed:
      return 400;
    case ErrorCode.Unauthorized:
      return 401;
    case ErrorCode.Forbidden:
      return 403;
    case ErrorCode.NotFound:
      return 404;
    case ErrorCode.Conflict:
    case ErrorCode.PlanLimitReached:
      return 409;
    case ErrorCode.PayloadTooLarge:
      return 413;
    case ErrorCode.RateLimited:
    case ErrorCode.MailQuotaExceeded:
      return 429;
    case ErrorCode.Unavailable:
    case ErrorCode.BillingPriceNotConfigured:
      return 503;
    case ErrorCode.Timeout:
      return 504;
    case ErrorCode.Internal:
      return 500;
  }
}

export function errorCodeOfStatus(status: number): ErrorCode {
  const byStatus: Record<number, ErrorCode> = {
    400: ErrorCode.ValidationFailed,
    401: ErrorCode.Unauthorized,
    403: ErrorCode.Forbidden,
    404: ErrorCode.NotFound,
    409: ErrorCode.Conflict,
    413: ErrorCode.PayloadTooLarge,
    429: ErrorCode.RateLimited,
    503: ErrorCode.Unavailable,
    504: ErrorCode.Timeout,
  };
  return byStatus[status] ?? (status >= 500 ? ErrorCode.Internal : ErrorCode.ValidationFailed);
}
