import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import {
  DomainError,
  ErrorCode,
  errorCodeOfStatus,
  ErrorPayload,
  FieldError,
  httpStatusOf,
  isErrorPayload,
  RateLimitedError,
  storeUnavailableErrorOf,
  UnavailableError,
} from '@vantage/contracts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const PROBLEM_TYPE_BASE = 'https://vantage.dev/problems/';

/** An RFC 9457 problem document, with Vantage's stable `code` and the request id for support. */
export interface ProblemDocument {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly instance: string;
  readonly code: ErrorCode;
  readonly requestId?: string;
  readonly errorId?: string;
  readonly errors?: readonly FieldError[];
}

export interface Problem {
  readonly body: ProblemDocument;
  readonly headers: Readonly<Record<string, string>>;
  /** Set when the error was unexpected: the caller logs it with this id. */
  readonly unexpected: boolean;
}

const TITLES: Readonly<Record<ErrorCode, string>> = {
  [ErrorCode.ValidationFailed]: 'Invalid request',
  [ErrorCode.Unauthorized]: 'Authentication required',
  [ErrorCode.Forbidden]: 'Not allowed',
  [ErrorCode.NotFound]: 'Not found',
  [ErrorCode.Conflict]: 'Conflict',
  [ErrorCode.PlanLimitReached]: 'Plan limit reached',
  [ErrorCode.PayloadTooLarge]: 'Payload too large',
  [ErrorCode.RateLimited]: 'Too many requests',
  [ErrorCode.MailQuotaExceeded]: 'Daily e-mail quota used up',
  [ErrorCode.Unavailable]: 'Service unavailable',
  [ErrorCode.BillingPriceNotConfigured]: 'Plan not configured on this server',
  [ErrorCode.Timeout]: 'Service unavailable',
  [ErrorCode.Internal]: 'Internal error',
};

/** What a downstream failure that says nothing else gets as Retry-After. */
const DEFAULT_RETRY_AFTER_SECONDS = 5;

export function problemTypeOf(code: ErrorCode): string {
  return `${PROBLEM_TYPE_BASE}${code.toLowerCase().replace(/_/g, '-')}`;
}

/** Errors Fastify raises itself (bad JSON, body too large, unknown media type) carry a status. */
function fastifyStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const { statusCode, code } = error as { statusCode?: unknown; code?: unknown };
  if (typeof statusCode !== 'number' || typeof code !== 'string' || !code.startsWith('FST_')) {
    return undefined;
  }
  return statusCode;
}

/** A failure in or on the way to another service (a TransportError, told by its payload). */
function isTransportFailure(error: unknown): boolean {
  return error instanceof Error && 'payload' in error && isErrorPayload(error.payload);
}

function payloadOf(error: unknown): ErrorPayload {
  // First: a TransportError also looks like a payload (code, status and message getters), but
  // its field errors and errorId are only in the payload it carries.
  if (isTransportFailure(error)) {
    return (error as Error & { payload: ErrorPayload }).payload;
  }
  if (isErrorPayload(error)) return error;
  if (error instanceof DomainError) {
    const retryAfterSeconds =
      error instanceof RateLimitedError || error instanceof UnavailableError
        ? error.retryAfterSeconds
        : undefined;
    return {
      code: error.code,
      status: error.status,
      message: error.message,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = errorCodeOfStatus(status);
    const message = status >= 500 ? TITLES[ErrorCode.Internal] : error.message;
    return { code, status: status >= 500 ? 500 : status, message };
  }
  const unavailable = storeUnavailableErrorOf(error);
  if (unavailable) return payloadOf(unavailable);
  const fastifyStatus = fastifyStatusOf(error);
  if (fastifyStatus !== undefined && fastifyStatus < 500) {
    const message = error instanceof Error ? error.message : 'bad request';
    return { code: errorCodeOfStatus(fastifyStatus), status: fastifyStatus, message };
  }
  return {
    code: ErrorCode.Internal,
    status: 500,
    message: 'internal error',
    errorId: randomUUID(),
  };
}

/**
 * Turns anything thrown while answering an HTTP request into its problem document. A downstream
 * timeout is a 503 like any unavailability (the caller should retry later, not wait longer);
 * unexpected errors say nothing of their cause, only an errorId that is logged with it.
 */
export function toProblem(error: unknown, instance: string, requestId?: string): Problem {
  const payload = payloadOf(error);
  const code = payload.code === ErrorCode.Timeout ? ErrorCode.Unavailable : payload.code;
  // A transport failure's own words name message patterns, replicas and Redis errors: for the
  // logs, not the caller. Unavailability worded here (UnavailableError) is meant to be read.
  const detail =
    code === ErrorCode.Internal
      ? 'internal error'
      : code === ErrorCode.Unavailable && isTransportFailure(error)
        ? 'a service is unavailable; retry later'
        : payload.message;
  // 4xx keep their exact status (405, 415...); server-side failures are 500 or 503, nothing else.
  const status =
    payload.status >= 400 && payload.status < 500 ? payload.status : httpStatusOf(code);
  const errorId = payload.errorId ?? (code === ErrorCode.Internal ? randomUUID() : undefined);
  const headers: Record<string, string> = {};
  if (
    code === ErrorCode.RateLimited ||
    code === ErrorCode.MailQuotaExceeded ||
    code === ErrorCode.Unavailable
  ) {
    const seconds = Math.max(
      1,
      Math.ceil(payload.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS),
    );
    headers['retry-after'] = String(seconds);
  }
  return {
    body: {
      type: problemTypeOf(code),
      title: TITLES[code],
      status,
      detail,
      instance,
      code,
      ...(requestId ? { requestId } : {}),
      ...(errorId ? { errorId } : {}),
      ...(payload.errors?.length ? { errors: payload.errors } : {}),
    },
    headers,
    unexpected: code === ErrorCode.Internal,
  };
}
