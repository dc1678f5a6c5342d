// What the validation pipe enforces on a DTO's properties, read from class-validator's metadata
// (and class-transformer's for nested classes) and said in OpenAPI 3.0 schema keywords, so that
// /docs-json is derived from the rules the server applies instead of restating them.
import type { SchemaObject } from '@nestjs/swagger';
import { getMetadataStorage, ValidationTypes } from 'class-validator';
import {
  EVENT_ID_GLOB_MAX_STARS,
  UNIQUE_ITEMS_BY as UNIQUE_ITEMS_BY_RULE,
} from '@vantage/contracts';
import { defaultMetadataStorage } from './class-transformer-storage';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a class of any constructor
export type DtoClass = abstract new (...args: any[]) => unknown;

/** The keyword that says a rule's uniqueness key, when items are unique by one of their fields. */
export const UNIQUE_ITEMS_BY = 'x-unique-items-by';

export type Keywords = SchemaObject & { [UNIQUE_ITEMS_BY]?: string };

export interface PropertyRules {
  readonly property: string;
  /** The property may be left out. */
  readonly optional: boolean;
  /** `null` passes validation (`@IsOptional()` lets it through). */
  readonly nullable: boolean;
  /** Keywords on the value itself. */
  readonly value: Keywords;
  /** Keywords on each item (`{ each: true }` rules). */
  readonly items: Keywords;
  /** Classes validated inside the value (`@ValidateNested()` with `@Type()`). */
  readonly nested: readonly DtoClass[];
  /** Constraints with no OpenAPI keyword: the property's description says them. */
  readonly prose: readonly string[];
  /** Constraints this table does not know: the document cannot say them until it does. */
  readonly unknown: readonly string[];
}

type ValidationMetadata = ReturnType<
  ReturnType<typeof getMetadataStorage>['getTargetValidationMetadatas']
>[number];

type Translate = (constraints: readonly unknown[]) => Keywords | null;

const num = (value: unknown): number => value as number;

/**
 * class-validator constraint names and their keywords. `null`: the rule cannot be said as a
 * keyword (a regular expression with flags).
 */
const KEYWORDS: Readonly<Record<string, Translate>> = {
  isString: () => ({ type: 'string' }),
  isInt: () => ({ type: 'integer' }),
  isNumber: () => ({ type: 'number' }),
  isBoolean: () => ({ type: 'boolean' }),
  isArray: () => ({ type: 'array' }),
  isObject: () => ({ type: 'object' }),
  isLength: ([min, max]) => ({
    minLength: num(min),
    ...(typeof max === 'number' ? { maxLength: max } : {}),
  }),
  minLength: ([min]) => ({ minLength: num(min) }),
  maxLength: ([max]) => ({ maxLength: num(max) }),
  isNotEmpty: () => ({ minLength: 1 }),
  matches: ([pattern, modifiers]) => patternOf(pattern, modifiers),
  isDivisibleBy: ([divisor]) => ({ multipleOf: num(divisor) }),
  min: ([min]) => ({ minimum: num(min) }),
  max: ([max]) => ({ maximum: num(max) }),
  arrayMinSize: ([min]) => ({ minItems: num(min) }),
  arrayMaxSize: ([max]) => ({ maxItems: num(max) }),
  arrayNotEmpty: () => ({ minItems: 1 }),
  // On objects, class-validator compares the instances class-transformer built (never equal),
  // so only arrays of plain values are unique by it; see validationRulesOf.
  arrayUnique: () => ({ uniqueItems: true }),
  [UNIQUE_ITEMS_BY_RULE]: ([field]) => uniqueItemsBy(field),
  isIn: ([values]) => ({ enum: [...(values as readonly unknown[])] }),
  isEnum: ([, values]) => ({ enum: [...(values as readonly unknown[])] }),
  isEmail: () => ({ format: 'email' }),
  // ISO 8601 also admits forms RFC 3339 lacks (a date alone): every date-time is accepted, but
  // for years before 100, which the strict check reads through Date as 19xx and refuses.
  isIso8601: () => ({ format: 'date-time', pattern: '^(?:0[1-9]|[1-9]\\d)\\d{2}-' }),
  // Not `max + 1` wildcards anywhere in the value (a pattern is a search, not a full match).
  maxGlobStars: () => ({ not: { pattern: `(\\*[^*]*){${EVENT_ID_GLOB_MAX_STARS + 1}}` } }),
};

/**
 * Rules JSON Schema cannot say (a date after a transform, a time zone, a URL's allowed hosts):
 * the @ApiProperty description says them. Conditional, nested and whitelist rules
 * are read separately (optional/nullable, nested classes, additionalProperties).
 */
const PROSE = new Set([
  'isDate',
  'isUrl',
  ValidationTypes.CUSTOM_VALIDATION,
  ValidationTypes.CONDITIONAL_VALIDATION,
  ValidationTypes.NESTED_VALIDATION,
  ValidationTypes.WHITELIST,
  ValidationTypes.IS_DEFINED,
  ValidationTypes.PROMISE_VALIDATION,
]);

function patternOf(pattern: unknown, modifiers: unknown): Keywords | null {
  if (pattern instanceof RegExp) return pattern.flags === '' ? { pattern: pattern.source } : null;
  if (typeof pattern === 'string' && !modifiers) return { pattern };
  return null;
}

/** `@UniqueItemsBy(field)`: items with equal `field` are refused, so identical items are too. */
function uniqueItemsBy(field: unknown): Keywords {
  return {
    uniqueItems: true,
    [UNIQUE_ITEMS_BY]: String(field),
    description: `No two items have the same \`${String(field)}\`.`,
  };
}

/** A rule's name as the table knows it: the decorator's, else its type's. */
function nameOf(metadata: ValidationMetadata): string {
  if (metadata.type === ValidationTypes.CUSTOM_VALIDATION && metadata.name) return metadata.name;
  return metadata.type;
}

/** Whether a conditional rule (IsOptional, ValidateIf) skips validation for this value. */
function skips(metadata: ValidationMetadata, value: undefined | null): boolean {
  const condition = metadata.constraints?.[0] as
    ((object: object, value: unknown) => boolean) | undefined;
  if (typeof condition !== 'function') return false;
  try {
    return !condition({ [metadata.propertyName]: value }, value);
  } catch {
    return false;
  }
}

const BUILT_INS: ReadonlySet<unknown> = new Set([String, Number, Boolean, Date, Object, Array]);

/** The classes class-transformer builds for a property, discriminated subtypes included. */
function nestedClassesOf(dto: DtoClass, property: string): DtoClass[] {
  const type = defaultMetadataStorage.findTypeMetadata(dto, property);
  if (!type) return [];
  const subTypes = type.options.discriminator?.subTypes ?? [];
  const classes = subTypes.length > 0 ? subTypes.map((s) => s.value) : [type.typeFunction()];
  return classes.filter((c): c is DtoClass => typeof c === 'function' && !BUILT_INS.has(c));
}

function merge(into: Keywords, keywords: Keywords): void {
  // An @IsInt() beside an @IsNumber() makes an integer, whatever their order.
  if (keywords.type === 'number' && into.type === 'integer') {
    const { type: _number, ...rest } = keywords;
    Object.assign(into, rest);
    return;
  }
  if (keywords.description && into.description) {
    Object.assign(into, keywords, { description: `${into.description} ${keywords.description}` });
    return;
  }
  Object.assign(into, keywords);
}

const cache = new WeakMap<DtoClass, readonly PropertyRules[]>();

/** The rules of each validated property of `dto`, inherited ones included. */
export function validationRulesOf(dto: DtoClass): readonly PropertyRules[] {
  const cached = cache.get(dto);
  if (cached) return cached;
  const metadatas = getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false);
  const byProperty = new Map<string, ValidationMetadata[]>();
  for (const metadata of metadatas) {
    const list = byProperty.get(metadata.propertyName) ?? [];
    list.push(metadata);
    byProperty.set(metadata.propertyName, list);
  }
  const rules = [...byProperty].map(([property, list]): PropertyRules => {
    const conditions = list.filter((m) => m.type === ValidationTypes.CONDITIONAL_VALIDATION);
    const defined = list.some((m) => m.type === ValidationTypes.IS_DEFINED);
    const nested = list.some((m) => m.type === ValidationTypes.NESTED_VALIDATION)
      ? nestedClassesOf(dto, property)
      : [];
    const value: Keywords = {};
    const items: Keywords = {};
    const prose: string[] = [];
    const unknown: string[] = [];
    for (const metadata of list) {
      const name = nameOf(metadata);
      const translate = KEYWORDS[name];
      if (!translate) {
        (PROSE.has(name) ? prose : unknown).push(name);
        continue;
      }
      const keywords = translate(metadata.constraints ?? []);
      if (name === 'arrayUnique' && nested.length > 0) continue;
      if (keywords === null) unknown.push(name);
      else merge(metadata.each ? items : value, keywords);
    }
    return {
      property,
      optional: !defined && conditions.some((m) => skips(m, undefined)),
      nullable: !defined && conditions.some((m) => skips(m, null)),
      value,
      items,
      nested,
      prose,
      unknown,
    };
  });
  cache.set(dto, rules);
  return rules;
}
