import { ErrorCode, httpStatusOf, type NotConfiguredCode } from './error-code';
import { FieldError } from './error-payload';

/** Typed domain errors: thrown by services, mapped once per transport to problem+json or RPC errors. */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }

  get status(): number {
    return httpStatusOf(this.code);
  }
}

export class ValidationFailedError extends DomainError {
  constructor(message: string, errors?: readonly FieldError[]) {
    super(ErrorCode.ValidationFailed, message, errors);
  }
}

export class NotFoundError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.NotFound, message);
  }
}

export class ConflictError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.Conflict, message);
  }
}

/**
 * The org already has as many of `resource` as its plan allows (409, code PLAN_LIMIT_REACHED):
 * deleting one, or a larger plan, makes room. The message names the limit.
 */
export class PlanLimitReachedError extends DomainError {
  constructor(
    readonly resource: string,
    readonly limit: number,
    plan: string,
  ) {
    super(
      ErrorCode.PlanLimitReached,
      `the ${plan} plan allows at most ${limit} ${resource} per organisation; delete one or upgrade the plan`,
    );
  }
}

export class UnauthorizedError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.Unauthorized, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.Forbidden, message);
  }
}

export class PayloadTooLargeError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.PayloadTooLarge, message);
  }
}

export class RateLimitedError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
    code: ErrorCode.RateLimited | ErrorCode.MailQuotaExceeded = ErrorCode.RateLimited,
  ) {
    super(code, message);
  }
}

/** No more e-mail for the organisation today; `retryAfterSeconds` runs to the next UTC day. */
export class MailQuotaExceededError extends RateLimitedError {
  constructor(message: string, retryAfterSeconds: number) {
    super(message, retryAfterSeconds, ErrorCode.MailQuotaExceeded);
  }
}

export class UnavailableError extends DomainError {
  constructor(
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(ErrorCode.Unavailable, message);
  }
}

/**
 * The server lacks configuration a request needs (503, its code says which): nothing the client
 * sent is wrong, so it is never a 4xx; the message tells the operator what to set.
 */
export class NotConfiguredError extends DomainError {
  constructor(code: NotConfiguredCode, message: string) {
    super(code, message);
  }
}

export class TimeoutError extends DomainError {
  constructor(message: string) {
    super(ErrorCode.Timeout, message);
  }
}
