import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { FieldError, ValidationFailedError } from '@vantage/contracts';

const INVALID_REQUEST = 'the request is not valid';

/**
 * One rule for every boundary, HTTP and message: unknown fields are refused, types converted, and
 * every broken constraint reported with the path of its field (`items[3].timestamp`), without
 * the missing ones when some field is unknown (see fieldErrorsOf).
 *
 * Parameters of custom decorators are not validated (`validateCustomDecorators: false`, Nest's
 * default, spelled out because `@RawPayload()` relies on it): `@MessageOrg()` comes from the
 * envelope, and a `@RawPayload()` handler validates its payload with validateShallowly.
 */
export function createValidationPipe(): ValidationPipe {
  return new BoundaryValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    validateCustomDecorators: false,
    exceptionFactory: (errors) => new ValidationFailedError(INVALID_REQUEST, fieldErrorsOf(errors)),
  });
}

/**
 * class-transformer reads nested values before class-validator checks their types: a `null` in an
 * array where a discriminated object is expected (`condition: [null]`) throws a TypeError in the
 * conversion. That is the input's shape, so it is a 400 like any other, not a 500.
 */
class BoundaryValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    try {
      return (await super.transform(value, metadata)) as unknown;
    } catch (error) {
      if (!(error instanceof TypeError)) throw error;
      throw new ValidationFailedError(INVALID_REQUEST, [
        { field: metadata.data ?? '', message: 'a value has a type its field does not take' },
      ]);
    }
  }
}

const SHALLOW_OPTIONS: ValidatorOptions = {
  whitelist: true,
  forbidNonWhitelisted: true,
  forbidUnknownValues: true,
  // The values tell a missing field from a sent one (fieldErrorsOf); they are not answered.
  validationError: { target: false },
};

/**
 * The pipe's rules for a `@RawPayload()`: the DTO's class-validator constraints, unknown fields
 * refused, the same ValidationFailedError and field paths, but on the payload's top level as it
 * is, without class-transformer's deep copy of every nested value (what makes the pipe cost
 * microseconds per item of a large array). Nested values are returned as decoded, neither
 * copied nor converted: only for DTOs without `@ValidateNested`/`@Type` (use the pipe for those).
 */
export function validateShallowly<T extends object>(dto: new () => T, payload: unknown): T {
  if (payload !== undefined && payload !== null && !isPlainObject(payload)) {
    throw new ValidationFailedError(INVALID_REQUEST, [
      { field: '', message: 'the payload must be an object' },
    ]);
  }
  const instance = new dto();
  // The pipe strips these silently; class-validator's whitelist would let `__proto__` pass
  // (it looks fields up in a plain object), so they are refused here like any unknown field.
  const refused: FieldError[] = [];
  for (const [key, value] of Object.entries(payload ?? {})) {
    if (PROTOTYPE_KEYS.has(key)) {
      refused.push({ field: key, message: `property ${key} should not exist` });
      continue;
    }
    Object.defineProperty(instance, key, {
      value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  const errors = fieldErrorsOf(validateSync(instance, SHALLOW_OPTIONS), refused);
  if (errors.length > 0) throw new ValidationFailedError(INVALID_REQUEST, errors);
  return instance;
}

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** class-validator's constraint for a field the class does not declare (forbidNonWhitelisted). */
const UNKNOWN_FIELD = 'whitelistValidation';

type ErrorFilter = (error: ValidationError, constraint: string) => boolean;

const isUnknownField: ErrorFilter = (_error, constraint) => constraint === UNKNOWN_FIELD;
/** Errors of a parent keep no value (the pipe strips it), but its children say it was sent. */
const wasSent: ErrorFilter = (error) =>
  error.value !== undefined || (error.children?.length ?? 0) > 0;

/**
 * What the caller needs to fix, and no more. A field the class does not know is often a
 * misspelt one (`nmae`), and the required field it stands for (`name`) would add every one of
 * its constraints about a value that was never sent: with unknown fields, the errors are those
 * fields and the values that were sent, not the fields that are missing. `refused`: unknown
 * fields found outside class-validator (the prototype keys of validateShallowly).
 */
export function fieldErrorsOf(
  errors: readonly ValidationError[],
  refused: readonly FieldError[] = [],
): FieldError[] {
  const unknown =
    refused.length > 0 || flattenValidationErrors(errors, '', isUnknownField).length > 0;
  return [...refused, ...flattenValidationErrors(errors, '', unknown ? wasSent : undefined)];
}

/** Every broken constraint with the path of its field; only those `keep` keeps when given. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parent = '',
  keep?: ErrorFilter,
): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {})
      .filter(([constraint]) => keep === undefined || keep(error, constraint))
      .map(([, message]) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field, keep)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
