// Writes what the validation pipe enforces into the request schemas of /docs-json: lengths,
// patterns, integers, bounds, item counts, uniqueness, allowed values, required and nullable
// fields, and `additionalProperties: false` (unknown fields are refused), for bodies, their
// nested objects and query DTOs. The decorators' own words stay where the rules say nothing.
import type {
  OpenAPIObject,
  OperationObject,
  ParameterObject,
  ReferenceObject,
  RequestBodyObject,
  SchemaObject,
} from '@nestjs/swagger';
import {
  type DtoClass,
  type Keywords,
  type PropertyRules,
  validationRulesOf,
} from './validation-rules';

/** The DTO classes an operation validates, found on its handler's parameters. */
export interface OperationDtos {
  readonly operation: OperationObject;
  readonly body?: DtoClass;
  readonly query?: DtoClass;
}

const SCHEMA_PREFIX = '#/components/schemas/';

function isReference(schema: SchemaObject | ReferenceObject): schema is ReferenceObject {
  return '$ref' in schema;
}

function componentOf(
  document: OpenAPIObject,
  schema: SchemaObject | ReferenceObject | undefined,
): SchemaObject | undefined {
  if (!schema) return undefined;
  const ref = isReference(schema) ? schema.$ref : schema.allOf?.find(isReference)?.$ref;
  if (!ref?.startsWith(SCHEMA_PREFIX)) return isReference(schema) ? undefined : schema;
  const target = document.components?.schemas?.[ref.slice(SCHEMA_PREFIX.length)];
  return target && !isReference(target) ? target : undefined;
}

/** The component schemas a property's value refers to (a $ref, allOf, oneOf or its items). */
function referencedComponents(schema: SchemaObject | ReferenceObject): string[] {
  if (isReference(schema)) return [schema.$ref.slice(SCHEMA_PREFIX.length)];
  return [...(schema.allOf ?? []), ...(schema.oneOf ?? []), ...(schema.anyOf ?? [])]
    .concat(schema.items ? [schema.items] : [])
    .flatMap((s) => referencedComponents(s));
}

function applyKeywords(schema: SchemaObject, keywords: Keywords): void {
  if (keywords.type === 'integer' && schema.format !== undefined) delete schema.format;
  // @Min() and @Max() include their bound.
  if (keywords.minimum !== undefined) delete schema.exclusiveMinimum;
  if (keywords.maximum !== undefined) delete schema.exclusiveMaximum;
  Object.assign(schema, keywords);
  if (keywords.description && schema.description && schema.description !== keywords.description)
    schema.description = schema.description.includes(keywords.description)
      ? schema.description
      : `${schema.description} ${keywords.description}`;
}

/** A property's own schema, replaced by a wrapper when it was a bare $ref and needs keywords. */
function writableSchema(
  properties: Record<string, SchemaObject | ReferenceObject>,
  key: string,
): SchemaObject {
  const current = properties[key] as SchemaObject | ReferenceObject;
  if (!isReference(current)) return current;
  const wrapper: SchemaObject = { allOf: [current] };
  properties[key] = wrapper;
  return wrapper;
}

function applyValue(
  document: OpenAPIObject,
  schema: SchemaObject,
  rules: PropertyRules,
  done: Set<DtoClass>,
): void {
  const isObject = referencedComponents(schema).length > 0 && !schema.items;
  // Keywords beside a $ref/allOf would be about the object, whose own schema says them.
  if (!isObject) {
    const { description, ...value } = rules.value;
    applyKeywords(schema, description ? { ...value, description } : value);
  }
  if (Object.keys(rules.items).length > 0) {
    // A query parameter's array (`level=80&level=95`) may have been documented without items.
    if (!schema.items && schema.type === 'array') schema.items = {};
    if (schema.items && !isReference(schema.items)) applyKeywords(schema.items, rules.items);
  }
  for (const nested of rules.nested) applyObject(document, nested, done);
}

/** Writes a validated class's rules into the component schema of the same name. */
function applyObject(document: OpenAPIObject, dto: DtoClass, done: Set<DtoClass>): void {
  if (done.has(dto)) return;
  done.add(dto);
  const schema = document.components?.schemas?.[dto.name];
  if (!schema || isReference(schema)) return;
  const properties = schema.properties ?? {};
  const rules = validationRulesOf(dto);
  // The pipe refuses any field that carries no rule (forbidNonWhitelisted).
  schema.additionalProperties = false;
  const required = rules
    .filter((r) => !r.optional && properties[r.property] !== undefined)
    .map((r) => r.property);
  if (required.length > 0) schema.required = required;
  else delete schema.required;
  for (const rule of rules) {
    if (properties[rule.property] === undefined) continue;
    const property = writableSchema(properties, rule.property);
    if (rule.nullable) property.nullable = true;
    else delete property.nullable;
    applyValue(document, property, rule, done);
  }
}

function applyQuery(document: OpenAPIObject, operation: OperationObject, dto: DtoClass): void {
  const parameters = (operation.parameters ?? []).filter(
    (p): p is ParameterObject => !('$ref' in p) && p.in === 'query',
  );
  const done = new Set<DtoClass>();
  for (const rule of validationRulesOf(dto)) {
    const parameter = parameters.find((p) => p.name === rule.property);
    if (!parameter) continue;
    parameter.required = !rule.optional;
    parameter.schema ??= {};
    if (!isReference(parameter.schema)) applyValue(document, parameter.schema, rule, done);
  }
}

export function applyValidationRules(
  document: OpenAPIObject,
  operations: readonly OperationDtos[],
): void {
  const done = new Set<DtoClass>();
  for (const { operation, body, query } of operations) {
    const content = (operation.requestBody as RequestBodyObject | undefined)?.content;
    if (body && componentOf(document, content?.['application/json']?.schema))
      applyObject(document, body, done);
    if (query) applyQuery(document, operation, query);
  }
}
