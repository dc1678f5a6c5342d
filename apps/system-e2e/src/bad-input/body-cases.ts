import type { BodyVariant } from './bad-input-case';
import { type Field, fieldsOf, type OpenApiDocument, type SchemaObject } from './openapi';
import { plausibleObject, plausibleValue } from './plausible-value';

const JSON_TYPE = 'application/json';
export const ONE_MEGABYTE = 1024 * 1024;
/** Above the gateway's default body limit (BODY_LIMIT_BYTES, 5 MiB). */
export const OVERSIZED_BODY_BYTES = 6 * ONE_MEGABYTE;
export const DEEP_NESTING_LEVELS = 10_000;
/** At most this many fields of one kind get the per-field cases (huge values, odd strings). */
const FIELDS_PER_KIND = 3;

/** Raw JSON numbers JSON.stringify cannot write: they go in through a placeholder. */
const HUGE_NUMBERS: ReadonlyArray<{ label: string; raw: string }> = [
  { label: '1e308', raw: '1e308' },
  { label: '-1e308', raw: '-1e308' },
  { label: '2^63', raw: '9223372036854775808' },
  { label: '1e400 (Infinity once parsed)', raw: '1e400' },
  { label: 'NaN as string', raw: '"NaN"' },
];

const ODD_STRINGS: ReadonlyArray<{ label: string; value: string }> = [
  { label: 'NUL byte', value: 'a\u0000b' },
  { label: 'lone surrogate', value: '\ud800' },
];

/** Byte sequences that are not UTF-8: a lone continuation, 0xFF, an overlong '/', a surrogate. */
const INVALID_UTF8: ReadonlyArray<{ label: string; bytes: Buffer }> = [
  { label: 'bytes FF FE and C3 28', bytes: Buffer.from([0xff, 0xfe, 0xc3, 0x28]) },
  { label: 'overlong and surrogate', bytes: Buffer.from([0xc0, 0xaf, 0xed, 0xa0, 0x80, 0x80]) },
];

/**
 * Every broken variant of one JSON request body: each required field missing, each field of the
 * wrong type, unknown and prototype-poisoning fields, huge strings/numbers/arrays, odd strings,
 * deep nesting, invalid UTF-8, wrong content types, empty and non-JSON bodies, and one above
 * the body limit. Each variant keeps the other fields plausible, so it breaks one thing.
 */
export function bodyVariants(doc: OpenApiDocument, schema: SchemaObject): BodyVariant[] {
  const base = plausibleObject(doc, schema);
  const fields = fieldsOf(doc, schema);
  const json = (value: unknown): string => JSON.stringify(value);
  const withField = (field: string, value: unknown): Record<string, unknown> => ({
    ...base,
    [field]: value,
  });
  const variants: BodyVariant[] = [];
  const add = (kind: BodyVariant['kind'], label: string, body: string | Buffer): void => {
    variants.push({ kind, label, contentType: JSON_TYPE, body });
  };

  for (const field of fields.filter((f) => f.required)) {
    const { [field.name]: _dropped, ...rest } = base;
    add('missing-field', field.name, json(rest));
  }
  for (const field of fields) {
    for (const wrong of wrongValues(field)) {
      add(
        'wrong-type',
        `${field.name} as ${wrong.label}`,
        json(withField(field.name, wrong.value)),
      );
    }
  }
  add('unknown-field', 'unexpectedField', json({ ...base, unexpectedField: 'surprise' }));
  add('unknown-field', '__proto__', `{"__proto__":{"polluted":true},${json(base).slice(1)}`);
  add(
    'unknown-field',
    'constructor.prototype',
    `{"constructor":{"prototype":{"polluted":true}},${json(base).slice(1)}`,
  );

  const strings = fields.filter((f) => f.type === 'string').slice(0, FIELDS_PER_KIND);
  for (const field of strings) {
    add(
      'huge-string',
      `${field.name} of 1 MB`,
      json(withField(field.name, 'x'.repeat(ONE_MEGABYTE))),
    );
    for (const odd of ODD_STRINGS) {
      add('odd-string', `${field.name} with ${odd.label}`, json(withField(field.name, odd.value)));
    }
  }
  const numbers = fields
    .filter((f) => f.type === 'number' || f.type === 'integer')
    .slice(0, FIELDS_PER_KIND);
  for (const field of numbers) {
    for (const huge of HUGE_NUMBERS) {
      add('huge-number', `${field.name} = ${huge.label}`, withRawValue(base, field.name, huge.raw));
    }
  }
  for (const field of fields.filter((f) => f.type === 'array').slice(0, FIELDS_PER_KIND)) {
    add('huge-array', `${field.name} of ~1 MB`, json(withField(field.name, hugeArray(doc, field))));
  }

  const deepArray = '['.repeat(DEEP_NESTING_LEVELS) + ']'.repeat(DEEP_NESTING_LEVELS);
  add('deep-json', `${DEEP_NESTING_LEVELS} nested arrays`, deepArray);
  add(
    'deep-json',
    `${DEEP_NESTING_LEVELS} nested objects`,
    '{"a":'.repeat(DEEP_NESTING_LEVELS) + '1' + '}'.repeat(DEEP_NESTING_LEVELS),
  );
  const target = fields[0]?.name ?? 'unexpectedField';
  add('deep-json', `${target} nested deep`, withRawValue(base, target, deepArray));

  const stringTarget = strings[0]?.name ?? target;
  for (const bad of INVALID_UTF8) {
    add(
      'invalid-utf8',
      `${stringTarget} with ${bad.label}`,
      withRawBytes(base, stringTarget, bad.bytes),
    );
  }

  variants.push(...contentTypeVariants(json(base)));
  variants.push({
    kind: 'empty-body',
    label: 'JSON type, no bytes',
    contentType: JSON_TYPE,
    body: '',
  });
  variants.push({
    kind: 'empty-body',
    label: 'no body at all',
    contentType: undefined,
    body: undefined,
  });
  variants.push(...garbageVariants());
  add('oversized-body', '6 MB', json({ ...base, padding: 'x'.repeat(OVERSIZED_BODY_BYTES) }));
  return variants;
}

/** A bodiless POST/PUT/PATCH still meets the body parser: it must refuse what it cannot parse. */
export function strayBodyVariants(): BodyVariant[] {
  return [
    ...garbageVariants().slice(0, 2),
    {
      kind: 'invalid-utf8',
      label: 'stray body with bytes FF FE',
      contentType: JSON_TYPE,
      body: Buffer.concat([Buffer.from('{"a":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}')]),
    },
    {
      kind: 'deep-json',
      label: `stray body of ${DEEP_NESTING_LEVELS} nested arrays`,
      contentType: JSON_TYPE,
      body: '['.repeat(DEEP_NESTING_LEVELS) + ']'.repeat(DEEP_NESTING_LEVELS),
    },
  ];
}

function contentTypeVariants(validJson: string): BodyVariant[] {
  const boundary = 'vantage-bad-input-boundary';
  return [
    { kind: 'wrong-content-type', label: 'text/plain', contentType: 'text/plain', body: validJson },
    {
      kind: 'wrong-content-type',
      label: 'form-urlencoded',
      contentType: 'application/x-www-form-urlencoded',
      body: 'name=x&value=1',
    },
    {
      kind: 'wrong-content-type',
      label: 'multipart/form-data',
      contentType: `multipart/form-data; boundary=${boundary}`,
      body:
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.json"\r\n` +
        `Content-Type: application/json\r\n\r\n${validJson}\r\n--${boundary}--\r\n`,
    },
    {
      kind: 'wrong-content-type',
      label: 'application/xml',
      contentType: 'application/xml',
      body: '<a/>',
    },
    {
      kind: 'wrong-content-type',
      label: 'JSON declared UTF-16',
      contentType: 'application/json; charset=utf-16',
      body: Buffer.from(validJson, 'utf16le'),
    },
    {
      kind: 'wrong-content-type',
      label: 'no content type',
      contentType: undefined,
      body: validJson,
    },
  ];
}

function garbageVariants(): BodyVariant[] {
  const garbage = (label: string, body: string): BodyVariant => ({
    kind: 'garbage-body',
    label,
    contentType: JSON_TYPE,
    body,
  });
  return [
    garbage('not JSON', 'this is not json'),
    garbage('truncated JSON', '{"unterminated": '),
    garbage('null', 'null'),
    garbage('array', '[]'),
    garbage('string', '"text"'),
    garbage('number', '12'),
  ];
}

interface WrongValue {
  readonly label: string;
  readonly value: unknown;
}

/** Two values of another JSON type than the field's; an operator object probes NoSQL injection. */
export function wrongValues(field: Field): WrongValue[] {
  switch (field.type) {
    case 'string':
      return [
        { label: 'number', value: 12345 },
        { label: 'operator object', value: { $gt: '' } },
      ];
    case 'number':
    case 'integer':
      return [
        { label: 'numeric string', value: '12' },
        { label: 'boolean', value: true },
      ];
    case 'boolean':
      return [
        { label: 'string', value: 'true' },
        { label: 'number', value: 1 },
      ];
    case 'array':
      return [
        { label: 'string', value: 'not-an-array' },
        { label: 'object', value: { 0: 'x' } },
      ];
    case 'object':
      return [
        { label: 'array', value: [] },
        { label: 'string', value: 'not-an-object' },
      ];
    default:
      return [
        { label: 'null', value: null },
        { label: 'array', value: [[]] },
      ];
  }
}

/** About 1 MB of plausible items (at least 2,000 of them). */
function hugeArray(doc: OpenApiDocument, field: Field): unknown[] {
  const item = field.schema.items ? plausibleValue(doc, field.schema.items) : 0;
  const itemBytes = JSON.stringify(item).length + 1;
  return new Array<unknown>(Math.max(2_000, Math.floor(ONE_MEGABYTE / itemBytes))).fill(item);
}

const PLACEHOLDER = '__bad_input_raw_value__';

/** `base` with `field` set to raw JSON text (numbers and nesting JSON.stringify cannot write). */
function withRawValue(base: Record<string, unknown>, field: string, raw: string): string {
  return JSON.stringify({ ...base, [field]: PLACEHOLDER }).replace(`"${PLACEHOLDER}"`, () => raw);
}

/** `base` with `field` set to a string whose content is the given (non-UTF-8) bytes. */
function withRawBytes(base: Record<string, unknown>, field: string, bytes: Buffer): Buffer {
  const [before, after] = JSON.stringify({ ...base, [field]: PLACEHOLDER }).split(PLACEHOLDER);
  return Buffer.concat([Buffer.from(before ?? ''), bytes, Buffer.from(after ?? '')]);
}
