import { ErrorCode } from './error-code';

export interface FieldError {
  readonly field: string;
  readonly message: string;
}

/** The shape of an error as it crosses the transport; the gateway turns it into problem+json. */
export interface ErrorPayload {
  readonly code: ErrorCode;
  readonly status: number;
  readonly message: string;
  readonly errors?: readonly FieldError[];
  /** Set on unexpected errors: the same id is logged where the error happened. */
  readonly errorId?: string;
  /** Which service raised it. */
  readonly service?: string;
  /** For RATE_LIMITED and UNAVAILABLE: when trying again makes sense (the Retry-After header). */
  readonly retryAfterSeconds?: number;
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return (
    typeof candidate['code'] === 'string' &&
    typeof candidate['status'] === 'number' &&
    typeof candidate['message'] === 'string' &&
    Object.values(ErrorCode).includes(candidate['code'] as ErrorCode)
  );
}
