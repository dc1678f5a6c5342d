import { randomUUID } from 'node:crypto';
import { HttpException } from '@nestjs/common';
import { RpcException } from '@nestjs/microservices';
import {
  DomainError,
  ErrorCode,
  ErrorPayload,
  FieldError,
  errorCodeOfStatus,
  isErrorPayload,
  RateLimitedError,
  storeUnavailableErrorOf,
  UnavailableError,
} from '@vantage/contracts';

function fieldErrorsOf(response: unknown): FieldError[] | undefined {
  if (typeof response !== 'object' || response === null) return undefined;
  const message = (response as { message?: unknown }).message;
  if (!Array.isArray(message)) return undefined;
  return message.map((entry) => {
    const text = String(entry);
    return { field: text.split(' ')[0] ?? '', message: text };
  });
}

function retryAfterOf(error: DomainError): number | undefined {
  return error instanceof RateLimitedError || error instanceof UnavailableError
    ? error.retryAfterSeconds
    : undefined;
}

/**
 * Turns whatever a handler threw into the error that crosses the transport. Known errors keep
 * their status; anything else becomes INTERNAL with an errorId that the caller logs too.
 */
export function toErrorPayload(error: unknown, service: string): ErrorPayload {
  // Before the payload check: a DomainError has the payload's fields too, but its status and
  // message are not own enumerable properties, so spreading it would lose them.
  if (error instanceof DomainError) {
    return {
      code: error.code,
      status: error.status,
      message: error.message,
      service,
      ...(error.errors ? { errors: error.errors } : {}),
      ...(retryAfterOf(error) === undefined ? {} : { retryAfterSeconds: retryAfterOf(error) }),
    };
  }
  if (isErrorPayload(error)) return { ...error, service: error.service ?? service };
  if (error instanceof RpcException) {
    const inner = error.getError();
    if (isErrorPayload(inner)) return { ...inner, service: inner.service ?? service };
    const message = typeof inner === 'string' ? inner : error.message;
    return { code: ErrorCode.ValidationFailed, status: 400, message, service };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const errors = fieldErrorsOf(error.getResponse());
    return {
      code: errorCodeOfStatus(status),
      status,
      message: errors ? 'validation failed' : error.message,
      service,
      ...(errors ? { errors } : {}),
    };
  }
  const unavailable = storeUnavailableErrorOf(error);
  if (unavailable) return toErrorPayload(unavailable, service);
  return {
    code: ErrorCode.Internal,
    status: 500,
    message: 'internal error',
    errorId: randomUUID(),
    service,
  };
}

/** A failure that redelivery cannot fix (bad input, missing data): dead-letter it at once. */
export function isPermanentFailure(payload: ErrorPayload): boolean {
  return payload.status >= 400 && payload.status < 500 && payload.code !== ErrorCode.RateLimited;
}
