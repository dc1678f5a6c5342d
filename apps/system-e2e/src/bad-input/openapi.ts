// The slice of OpenAPI 3 the bad-input generator reads, and $ref/allOf resolution over it.

export interface SchemaObject {
  readonly $ref?: string;
  readonly type?: string;
  readonly format?: string;
  readonly enum?: readonly unknown[];
  readonly example?: unknown;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly minLength?: number;
  readonly properties?: Readonly<Record<string, SchemaObject>>;
  readonly required?: readonly string[];
  readonly items?: SchemaObject;
  readonly allOf?: readonly SchemaObject[];
  readonly oneOf?: readonly SchemaObject[];
  readonly anyOf?: readonly SchemaObject[];
  readonly nullable?: boolean;
}

export interface ParameterObject {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: SchemaObject;
  readonly example?: unknown;
}

export interface OperationObject {
  readonly operationId?: string;
  readonly description?: string;
  readonly parameters?: readonly ParameterObject[];
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content?: Readonly<Record<string, { readonly schema?: SchemaObject }>>;
  };
  readonly security?: ReadonlyArray<Readonly<Record<string, readonly string[]>>>;
  readonly responses?: Readonly<
    Record<string, { readonly content?: Readonly<Record<string, unknown>> }>
  >;
}

export interface OpenApiDocument {
  readonly openapi: string;
  readonly paths: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly components?: {
    readonly schemas?: Readonly<Record<string, SchemaObject>>;
    readonly securitySchemes?: Readonly<
      Record<string, { readonly type: string; readonly scheme?: string; readonly in?: string }>
    >;
  };
  /** Applies to operations that declare no `security` of their own. */
  readonly security?: OperationObject['security'];
}

export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export interface Operation {
  readonly method: HttpMethod;
  readonly path: string;
  readonly operation: OperationObject;
}

/** Every operation of the document, in document order. */
export function operationsOf(doc: OpenApiDocument): Operation[] {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    HTTP_METHODS.filter((method) => typeof item[method] === 'object' && item[method] !== null).map(
      (method) => ({ method, path, operation: item[method] as OperationObject }),
    ),
  );
}

/**
 * The schema a `$ref` points at (local refs only), followed until it is not a ref; `allOf` parts
 * merged into one object schema, the way Nest's swagger module wraps a nested DTO with a
 * description. A ref cycle or a dangling ref gives an empty schema rather than a loop.
 */
export function resolveSchema(
  doc: OpenApiDocument,
  schema: SchemaObject | undefined,
  seen: ReadonlySet<string> = new Set(),
): SchemaObject {
  if (!schema) return {};
  if (schema.$ref) {
    const ref = schema.$ref;
    if (seen.has(ref)) return {};
    return resolveSchema(doc, lookupRef(doc, ref), new Set([...seen, ref]));
  }
  if (schema.allOf && schema.allOf.length > 0) {
    const parts = schema.allOf.map((part) => resolveSchema(doc, part, seen));
    const { allOf: _allOf, ...rest } = schema;
    return parts.reduce<SchemaObject>(
      (merged, part) => ({
        ...part,
        ...merged,
        properties: { ...part.properties, ...merged.properties },
        required: [...(merged.required ?? []), ...(part.required ?? [])],
      }),
      rest,
    );
  }
  return schema;
}

function lookupRef(doc: OpenApiDocument, ref: string): SchemaObject | undefined {
  if (!ref.startsWith('#/')) return undefined;
  let node: unknown = doc;
  for (const part of ref.slice(2).split('/')) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return typeof node === 'object' && node !== null ? (node as SchemaObject) : undefined;
}

/** The JSON type a (resolved) schema describes; `oneOf`/`anyOf` take their first branch. */
export function typeOf(doc: OpenApiDocument, schema: SchemaObject): string {
  if (schema.type) return schema.type;
  if (schema.properties) return 'object';
  if (schema.items) return 'array';
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch) return typeOf(doc, resolveSchema(doc, branch));
  if (schema.enum && schema.enum.length > 0) return typeof schema.enum[0];
  return 'unknown';
}

/** One property of an object schema, resolved. */
export interface Field {
  readonly name: string;
  readonly schema: SchemaObject;
  readonly type: string;
  readonly required: boolean;
}

export function fieldsOf(doc: OpenApiDocument, objectSchema: SchemaObject): Field[] {
  const resolved = resolveSchema(doc, objectSchema);
  const required = new Set(resolved.required ?? []);
  return Object.entries(resolved.properties ?? {}).map(([name, raw]) => {
    const schema = resolveSchema(doc, raw);
    return { name, schema, type: typeOf(doc, schema), required: required.has(name) };
  });
}
