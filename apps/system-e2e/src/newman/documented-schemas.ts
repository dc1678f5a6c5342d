// The collection checks each answer against a JSON Schema pasted into its test script. These
// helpers read those schemas back and derive the same schema from the gateway's OpenAPI document,
// so a test can tell when the collection and the documented API have drifted apart.

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface CollectionRequest {
  /** Folder / Request. */
  readonly name: string;
  readonly method: string;
  /** The URL path with Postman variables left in, e.g. /api/v1/telemetry/series/{{seriesId}}/forecast. */
  readonly path: string;
  readonly expectedStatus: number | null;
  /** The schema the test script validates the body with; null when it has none. */
  readonly schema: Json | null;
}

/** Every request of a Postman v2.1 collection, in run order. */
export function collectionRequests(collection: unknown): CollectionRequest[] {
  const requests: CollectionRequest[] = [];
  const walk = (items: Json | undefined, parents: readonly string[]): void => {
    if (!Array.isArray(items)) return;
    for (const item of items) {
      if (!isObject(item)) continue;
      const name = typeof item['name'] === 'string' ? item['name'] : '?';
      if (Array.isArray(item['item'])) walk(item['item'], [...parents, name]);
      else if (isObject(item['request'])) requests.push(readRequest(item, [...parents, name]));
    }
  };
  if (isObject(collection as Json)) walk((collection as JsonObject)['item'], []);
  return requests;
}

function readRequest(item: JsonObject, names: readonly string[]): CollectionRequest {
  const request = item['request'] as JsonObject;
  const url = isObject(request['url']) ? request['url'] : {};
  const segments = Array.isArray(url['path']) ? url['path'].map(String) : [];
  const script = testScript(item);
  const status = /pm\.response\.to\.have\.status\((\d{3})\)/.exec(script.join('\n'));
  return {
    name: names.join(' / '),
    method: String(request['method'] ?? 'GET').toUpperCase(),
    path: `/${segments.join('/')}`,
    expectedStatus: status ? Number(status[1]) : null,
    schema: embeddedSchema(script),
  };
}

function testScript(item: JsonObject): string[] {
  const events = Array.isArray(item['event']) ? item['event'] : [];
  const test = events.find((event) => isObject(event) && event['listen'] === 'test');
  const script = isObject(test) && isObject(test['script']) ? test['script']['exec'] : undefined;
  return Array.isArray(script) ? script.map(String) : typeof script === 'string' ? [script] : [];
}

/** The object literal of `const schema = {...};` (written as JSON in the collection). */
function embeddedSchema(lines: readonly string[]): Json | null {
  const start = lines.findIndex((line) => line.startsWith('const schema = '));
  if (start < 0) return null;
  const end = lines.findIndex((line, index) => index >= start && line.endsWith('};'));
  if (end < 0) throw new Error(`unterminated schema in: ${lines[start]}`);
  const text = lines.slice(start, end + 1).join('\n');
  return JSON.parse(text.slice('const schema = '.length, -1)) as Json;
}

// OpenAPI 3.0 keywords that are not JSON Schema, or that only annotate.
const ANNOTATIONS = new Set(['description', 'example', 'examples', 'default', 'nullable', 'title']);

/**
 * The JSON Schema of an operation's JSON answer in an OpenAPI 3.0 document: references resolved,
 * annotations dropped, and `nullable` spelled as JSON Schema (`anyOf` with `null`).
 * Null when the operation documents no JSON body for that status.
 */
export function documentedSchema(
  openApi: unknown,
  method: string,
  collectionPath: string,
  status: number,
): Json | null {
  const doc = openApi as JsonObject;
  const paths = isObject(doc['paths']) ? doc['paths'] : {};
  const template = Object.keys(paths).find((candidate) => samePath(candidate, collectionPath));
  if (template === undefined) return null;
  const operation = (paths[template] as JsonObject)[method.toLowerCase()];
  const response = isObject(operation) ? at(operation, 'responses', String(status)) : null;
  const schema = response ? at(response, 'content', 'application/json', 'schema') : null;
  const components = at(doc, 'components', 'schemas');
  return schema === null ? null : toJsonSchema(schema, isObject(components) ? components : {});
}

/** `/series/{id}/forecast` (OpenAPI) matches `/series/{{seriesId}}/forecast` (collection). */
function samePath(template: string, collectionPath: string): boolean {
  const a = template.split('/');
  const b = collectionPath.split('/');
  return (
    a.length === b.length &&
    a.every(
      (part, i) => part === b[i] || (/^\{[^}]+\}$/.test(part) && /^\{\{.+\}\}$/.test(b[i] ?? '')),
    )
  );
}

function toJsonSchema(schema: Json, components: JsonObject): Json {
  if (Array.isArray(schema)) return schema.map((part) => toJsonSchema(part, components));
  if (!isObject(schema)) return schema;
  const ref = schema['$ref'];
  if (typeof ref === 'string') {
    const target = components[ref.split('/').pop() ?? ''];
    if (target === undefined) throw new Error(`unresolved ${ref}`);
    return toJsonSchema(target, components);
  }
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(key)) continue;
    out[key] =
      key === 'properties' && isObject(value)
        ? Object.fromEntries(
            Object.entries(value).map(([name, part]) => [name, toJsonSchema(part, components)]),
          )
        : toJsonSchema(value, components);
  }
  return schema['nullable'] === true ? { anyOf: [{ type: 'null' }, out] } : out;
}

function at(value: Json, ...keys: readonly string[]): Json | null {
  let node: Json = value;
  for (const key of keys) {
    if (!isObject(node) || node[key] === undefined) return null;
    node = node[key];
  }
  return node;
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
