import { type ArgumentMetadata, ValidationError, ValidationPipe } from '@nestjs/common';
import { validateSync, type ValidatorOptions } from 'class-validator';
import { FieldError, ValidationFailedError } from '@vantage/contracts';

const INVALID_REQUEST = 'the request is not valid';

/**
 * One rule for every boundary, HTTP and message: unknown fields are refused, types converted, and
 * every broken constraint reported with the path of its field (`items[3].timestamp`), or only
 * the unknown fields when there are any (see fieldErrorsOf).
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
  validationError: { target: false, value: false },
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
  const broken = validateSync(instance, SHALLOW_OPTIONS);
  const errors =
    refused.length > 0
      ? [...refused, ...flattenValidationErrors(broken, '', UNKNOWN_FIELD)]
      : fieldErrorsOf(broken);
  if (errors.length > 0) throw new ValidationFailedError(INVALID_REQUEST, errors);
  return instance;
}

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'prototype', 'constructor']);

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** class-validator's constraint for a field the class does not declare (forbidNonWhitelisted). */
const UNKNOWN_FIELD = 'whitelistValidation';
/**
 * What the caller needs to fix, and no more: when some fields are unknown, only those. A
 * misspelt field (`nmae`) is unknown, and the required field it stands for (`name`) would
 * otherwise add every one of its constraints about a value that was never sent.
 */
export function fieldErrorsOf(errors: readonly ValidationError[]): FieldError[] {
  const unknown = flattenValidationErrors(errors, '', UNKNOWN_FIELD);
  return unknown.length > 0 ? unknown : flattenValidationErrors(errors);
}

/** Every broken constraint with the path of its field; only `constraint`'s when it is given. */
export function flattenValidationErrors(
  errors: readonly ValidationError[],
  parent = '',
  constraint?: string,
): FieldError[] {
  return errors.flatMap((error) => {
    const field = joinPath(parent, error.property);
    const own = Object.entries(error.constraints ?? {})
      .filter(([name]) => constraint === undefined || name === constraint)
      .map(([, message]) => ({ field, message }));
    return [...own, ...flattenValidationErrors(error.children ?? [], field, constraint)];
  });
}

function joinPath(parent: string, property: string): string {
  if (/^\d+$/.test(property)) return `${parent}[${property}]`;
  return parent ? `${parent}.${property}` : property;
}
