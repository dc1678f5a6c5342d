import {
  fieldsOf,
  type OpenApiDocument,
  resolveSchema,
  type SchemaObject,
  typeOf,
} from './openapi';

/** How deep plausible values of nested objects go: enough for our DTOs, finite on cycles. */
const MAX_DEPTH = 4;

/**
 * A value that looks right for a schema (its example, default, first enum member or a value of
 * its type), so that one broken field at a time is what a case tests, not everything at once.
 * Objects get their required properties only: fewer cross-field rules to trip over.
 */
export function plausibleValue(doc: OpenApiDocument, raw: SchemaObject, depth = 0): unknown {
  const schema = resolveSchema(doc, raw);
  if (schema.example !== undefined) return schema.example;
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  const branch = schema.oneOf?.[0] ?? schema.anyOf?.[0];
  if (branch) return plausibleValue(doc, branch, depth);
  switch (typeOf(doc, schema)) {
    case 'string':
      return plausibleString(schema);
    case 'number':
    case 'integer':
      return schema.minimum !== undefined && schema.minimum > 1 ? schema.minimum : 1;
    case 'boolean':
      return true;
    case 'array':
      return depth >= MAX_DEPTH || !schema.items
        ? []
        : [plausibleValue(doc, schema.items, depth + 1)];
    case 'object':
      return depth >= MAX_DEPTH ? {} : plausibleObject(doc, schema, depth + 1);
    default:
      return 'sample';
  }
}

export function plausibleObject(
  doc: OpenApiDocument,
  schema: SchemaObject,
  depth = 0,
): Record<string, unknown> {
  const object: Record<string, unknown> = {};
  for (const field of fieldsOf(doc, schema)) {
    if (field.required) object[field.name] = plausibleValue(doc, field.schema, depth);
  }
  return object;
}

function plausibleString(schema: SchemaObject): string {
  switch (schema.format ?? '') {
    case 'date-time':
      return '2026-01-05T00:00:00.000Z';
    case 'date':
      return '2026-01-05';
    case 'email':
      return 'someone@example.com';
    case 'uri':
    case 'url':
      return 'https://example.com/';
    default:
      return 'sample-value'.padEnd(Math.max(12, schema.minLength ?? 0), 'x');
  }
}
