import type { CaseKind } from './bad-input-case';
import { type OpenApiDocument, type ParameterObject, resolveSchema, typeOf } from './openapi';

/** One way to break a parameter: raw text as it goes on the wire (already percent-encoded). */
export interface ParameterVariant {
  readonly kind: CaseKind;
  readonly label: string;
  readonly raw: string;
}

/** Longer than Node's default 16 KiB header limit once in the request line. */
export const OVERSIZED_URL_CHARS = 64 * 1024;
const HUGE_PARAM_CHARS = 8_000;
const HUGE_PATH_CHARS = 10_000;

/** Query values of the wrong type, huge ones and a repeated parameter (an array to the app). */
export function queryVariants(doc: OpenApiDocument, param: ParameterObject): ParameterVariant[] {
  const schema = resolveSchema(doc, param.schema);
  const type = typeOf(doc, schema);
  const numeric = type === 'number' || type === 'integer';
  const wrong: ParameterVariant[] = [];
  if (numeric) wrong.push({ kind: 'query-wrong-type', label: 'not a number', raw: 'abc' });
  else if (type === 'boolean')
    wrong.push({ kind: 'query-wrong-type', label: 'not a boolean', raw: 'maybe' });
  else if (schema.enum)
    wrong.push({ kind: 'query-wrong-type', label: 'not in enum', raw: 'not-a-member' });
  else
    wrong.push({
      kind: 'query-wrong-type',
      label: 'operator syntax',
      raw: '%7B%22%24gt%22%3A%22%22%7D',
    });
  wrong.push({ kind: 'query-wrong-type', label: 'empty', raw: '' });
  wrong.push({
    kind: 'query-wrong-type',
    label: 'repeated',
    raw: `a&${encodeURIComponent(param.name)}=b`,
  });
  wrong.push({ kind: 'query-wrong-type', label: 'bracket object', raw: 'x' });
  const huge: ParameterVariant[] = numeric
    ? [
        { kind: 'query-huge', label: '1e308', raw: '1e308' },
        { kind: 'query-huge', label: '-1e308', raw: '-1e308' },
        { kind: 'query-huge', label: '400 digits', raw: '9'.repeat(400) },
        { kind: 'query-huge', label: 'NaN', raw: 'NaN' },
      ]
    : [
        {
          kind: 'query-huge',
          label: `${HUGE_PARAM_CHARS} chars`,
          raw: 'x'.repeat(HUGE_PARAM_CHARS),
        },
        { kind: 'query-huge', label: 'invalid percent-encoding', raw: '%E0%A4%A' },
        { kind: 'query-huge', label: 'percent-encoded invalid UTF-8', raw: '%FF%FE' },
      ];
  return [...wrong, ...huge];
}

/** Query string for a variant of `param`; `bracket object` puts `name[$gt]=x` on the wire. */
export function queryStringFor(param: ParameterObject, variant: ParameterVariant): string {
  const name = encodeURIComponent(param.name);
  if (variant.label === 'bracket object') return `${name}%5B%24gt%5D=${variant.raw}`;
  return `${name}=${variant.raw}`;
}

/** Path segments of the wrong format, huge, and ones that try to climb out of the route. */
export function pathVariants(): ParameterVariant[] {
  return [
    { kind: 'path-wrong-format', label: 'punctuation', raw: 'not-a-valid-id!' },
    { kind: 'path-wrong-format', label: 'negative number', raw: '-1' },
    { kind: 'path-wrong-format', label: 'NUL byte', raw: '%00' },
    { kind: 'path-wrong-format', label: 'invalid percent-encoding', raw: '%ZZ' },
    { kind: 'path-wrong-format', label: 'percent-encoded invalid UTF-8', raw: '%C3%28' },
    { kind: 'path-wrong-format', label: 'emoji', raw: '%F0%9F%92%A9' },
    { kind: 'path-huge', label: `${HUGE_PATH_CHARS} chars`, raw: 'x'.repeat(HUGE_PATH_CHARS) },
    { kind: 'path-traversal', label: 'encoded slashes', raw: '..%2F..%2F..%2Fhealth%2Flive' },
    { kind: 'path-traversal', label: 'dot dot', raw: '..' },
    { kind: 'path-traversal', label: 'encoded dots', raw: '%2e%2e' },
    { kind: 'path-traversal', label: 'encoded backslash', raw: '..%5C..%5Cmetrics' },
  ];
}

/** Header values a client could send instead of the expected one. */
export function headerVariants(): Array<{ label: string; value: string }> {
  return [
    { label: `${HUGE_PARAM_CHARS} chars`, value: 'x'.repeat(HUGE_PARAM_CHARS) },
    { label: 'empty', value: '' },
    { label: 'garbage', value: 't=abc,v1=!!,,=' },
  ];
}
