import type { BadInputCase, BodyVariant, CaseAuth, CaseKind } from './bad-input-case';
import { bodyVariants, strayBodyVariants } from './body-cases';
import {
  type OpenApiDocument,
  type Operation,
  type OperationObject,
  operationsOf,
  type ParameterObject,
  resolveSchema,
} from './openapi';
import {
  headerVariants,
  OVERSIZED_URL_CHARS,
  pathVariants,
  queryStringFor,
  queryVariants,
} from './parameter-cases';
import { plausibleObject, plausibleValue } from './plausible-value';

export interface GenerateOptions {
  /** Per operation, taken round-robin across kinds so that every kind keeps some cases. */
  readonly maxCasesPerOperation?: number;
}

export const DEFAULT_MAX_CASES_PER_OPERATION = 60;

/** Every bad-input case for every operation of an OpenAPI 3 document, in document order. */
export function generateBadInputCases(
  doc: OpenApiDocument,
  options: GenerateOptions = {},
): BadInputCase[] {
  const max = options.maxCasesPerOperation ?? DEFAULT_MAX_CASES_PER_OPERATION;
  return operationsOf(doc).flatMap((operation) =>
    takeAcrossKinds(casesForOperation(doc, operation), max),
  );
}

/** The credential an operation's security asks for: a bearer token first, else an API key. */
export function authOf(doc: OpenApiDocument, operation: OperationObject): CaseAuth {
  const requirements = operation.security ?? doc.security ?? [];
  const schemes = doc.components?.securitySchemes ?? {};
  const names = requirements.flatMap((requirement) => Object.keys(requirement));
  if (names.some((name) => schemes[name]?.type === 'http' && schemes[name]?.scheme === 'bearer'))
    return 'token';
  if (names.some((name) => schemes[name]?.type === 'apiKey')) return 'apiKey';
  return names.length > 0 ? 'token' : 'none';
}

const EXPENSIVE = /expensive routes/i;
const BODY_METHODS: ReadonlySet<string> = new Set(['post', 'put', 'patch']);

function casesForOperation(
  doc: OpenApiDocument,
  { method, path, operation }: Operation,
): BadInputCase[] {
  const params = uniqueParameters(operation.parameters ?? []);
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const headerParams = params.filter((p) => p.in === 'header');
  const bodySchema = operation.requestBody?.content?.['application/json']?.schema;

  const pathValues = new Map(
    pathParams.map((p) => [p.name, encodeURIComponent(plausibleText(doc, p))]),
  );
  const baseQuery = queryParams
    .filter((p) => p.required)
    .map((p) => ({
      param: p,
      text: `${encodeURIComponent(p.name)}=${encodeURIComponent(plausibleText(doc, p))}`,
    }));
  const baseHeaders: Record<string, string> = {};
  for (const p of headerParams.filter((h) => h.required))
    baseHeaders[p.name.toLowerCase()] = plausibleText(doc, p);
  const baseBody: BodyVariant | undefined = bodySchema
    ? {
        kind: 'wrong-type',
        label: '',
        contentType: 'application/json',
        body: JSON.stringify(plausibleObject(doc, resolveSchema(doc, bodySchema))),
      }
    : undefined;

  const common = {
    operationId: operation.operationId ?? `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    auth: authOf(doc, operation),
    expensive: EXPENSIVE.test(operation.description ?? ''),
    htmlPage: Object.values(operation.responses ?? {}).some(
      (r) => 'text/html' in (r.content ?? {}),
    ),
  };
  const fillPath = (overrides: ReadonlyMap<string, string> = new Map()): string =>
    path.replace(
      /\{([^{}]+)\}/g,
      (_whole, name: string) => overrides.get(name) ?? pathValues.get(name) ?? 'x',
    );
  const withQuery = (base: string, parts: readonly string[]): string =>
    parts.length > 0 ? `${base}?${parts.join('&')}` : base;
  const make = (
    kind: CaseKind,
    label: string,
    request: { path: string; body?: BodyVariant; headers?: Record<string, string> },
  ): BadInputCase => {
    const body = request.body ?? baseBody;
    const headers: Record<string, string> = { ...baseHeaders, ...request.headers };
    if (body?.contentType) headers['content-type'] = body.contentType;
    return {
      ...common,
      name: `${common.method} ${path} ${kind}: ${label}`,
      kind,
      path: request.path,
      headers,
      body: body?.body,
    };
  };

  const cases: BadInputCase[] = [];
  const defaultPath = withQuery(
    fillPath(),
    baseQuery.map((q) => q.text),
  );
  if (bodySchema) {
    for (const variant of bodyVariants(doc, bodySchema)) {
      cases.push(make(variant.kind, variant.label, { path: defaultPath, body: variant }));
    }
  } else if (BODY_METHODS.has(method)) {
    for (const variant of strayBodyVariants()) {
      cases.push(make(variant.kind, variant.label, { path: defaultPath, body: variant }));
    }
  }
  for (const param of queryParams) {
    const others = baseQuery.filter((q) => q.param !== param).map((q) => q.text);
    for (const variant of queryVariants(doc, param)) {
      cases.push(
        make(variant.kind, `${param.name} ${variant.label}`, {
          path: withQuery(fillPath(), [...others, queryStringFor(param, variant)]),
        }),
      );
    }
  }
  cases.push(
    make('query-unknown', 'unexpectedParam', {
      path: withQuery(fillPath(), [...baseQuery.map((q) => q.text), 'unexpectedParam=1']),
    }),
  );
  cases.push(
    make('oversized-url', `${OVERSIZED_URL_CHARS} chars of query`, {
      path: withQuery(fillPath(), ['padding=' + 'x'.repeat(OVERSIZED_URL_CHARS)]),
    }),
  );
  for (const param of pathParams) {
    for (const variant of pathVariants()) {
      cases.push(
        make(variant.kind, `${param.name} ${variant.label}`, {
          path: withQuery(
            fillPath(new Map([[param.name, variant.raw]])),
            baseQuery.map((q) => q.text),
          ),
        }),
      );
    }
  }
  for (const param of headerParams) {
    for (const variant of headerVariants()) {
      cases.push(
        make('header-odd', `${param.name} ${variant.label}`, {
          path: defaultPath,
          headers: { [param.name.toLowerCase()]: variant.value },
        }),
      );
    }
  }
  return cases;
}

/** Header names are case-insensitive: `Idempotency-Key` and `idempotency-key` are one. */
function uniqueParameters(params: readonly ParameterObject[]): ParameterObject[] {
  const seen = new Set<string>();
  return params.filter((p) => {
    const key = `${p.in}:${p.in === 'header' ? p.name.toLowerCase() : p.name}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function plausibleText(doc: OpenApiDocument, param: ParameterObject): string {
  const value = param.example ?? plausibleValue(doc, param.schema ?? { type: 'string' });
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** Up to `max` cases, one of each kind in turn, so a cap never drops a whole kind first. */
export function takeAcrossKinds<T extends { readonly kind: string }>(
  cases: readonly T[],
  max: number,
): T[] {
  if (cases.length <= max) return [...cases];
  const queues = new Map<string, T[]>();
  for (const item of cases) queues.set(item.kind, [...(queues.get(item.kind) ?? []), item]);
  const chosen = new Set<T>();
  while (chosen.size < max) {
    for (const queue of queues.values()) {
      const next = queue.shift();
      if (next && chosen.size < max) chosen.add(next);
    }
  }
  // Back in generation order, which groups an operation's cases readably.
  return cases.filter((item) => chosen.has(item));
}
