import { ApiHeader } from '@nestjs/swagger';
import { IDEMPOTENCY_KEY_PATTERN, ValidationFailedError } from '@vantage/contracts';

/** The header that makes a retried batch count once (ingest routes). */
export const IDEMPOTENCY_HEADER = 'Idempotency-Key';

/** The lengths IDEMPOTENCY_KEY_PATTERN allows, spelled out for clients that read no pattern. */
export const IDEMPOTENCY_KEY_LENGTH = { min: 8, max: 255 } as const;

const SHAPE = `${IDEMPOTENCY_KEY_LENGTH.min} to ${IDEMPOTENCY_KEY_LENGTH.max} characters of letters, digits and _ . : ~ + = / -`;

/** The header as /docs-json declares it, once per route, with the shape checkedIdempotencyKey enforces. */
export const ApiIdempotencyKey = (): MethodDecorator =>
  ApiHeader({
    name: IDEMPOTENCY_HEADER,
    required: false,
    schema: {
      type: 'string',
      pattern: IDEMPOTENCY_KEY_PATTERN.source,
      minLength: IDEMPOTENCY_KEY_LENGTH.min,
      maxLength: IDEMPOTENCY_KEY_LENGTH.max,
    },
    description:
      `Recommended. ${SHAPE} (a UUID is fine); one per batch, remembered 24 hours. Reusing it ` +
      'for a different batch is a 409.',
  });

/** The header's value when it has the documented shape; a 400 problem otherwise. */
export function checkedIdempotencyKey(key: string): string {
  if (IDEMPOTENCY_KEY_PATTERN.test(key)) return key;
  throw new ValidationFailedError('the Idempotency-Key header is not valid', [
    { field: IDEMPOTENCY_HEADER, message: `must be ${SHAPE}` },
  ]);
}
