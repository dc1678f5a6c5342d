// What Schemathesis (the e2e suite's independent fuzzer) found wrong in /docs-json: a header
// listed twice, security requirements listed twice, routes for people only that offered API keys,
// a discriminator without its mapping, and bodies marked required that the routes do without;
// and schemas that allowed what the validation pipe refuses, now derived from its rules and
// checked here for every DTO in the document so that the two cannot drift apart.
import type { OpenAPIObject } from '@nestjs/swagger';
import {
  ALERT_RULE_ID_PATTERN,
  IDEMPOTENCY_KEY_PATTERN,
  RAD_SET_ID_PATTERN,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import { validatedOperations } from '../src/edge/openapi-refinements';
import { type DtoClass, type Keywords, validationRulesOf } from '../src/edge/validation-rules';
import { gatewayService } from '../src/service-definition';
import type { Gateway } from './support/gateway-api';

interface Parameter {
  readonly name: string;
  readonly in: string;
  readonly schema?: { readonly pattern?: string; readonly example?: unknown };
}

interface Operation {
  readonly responses?: Record<string, unknown>;
  readonly parameters?: readonly Parameter[];
  readonly security?: ReadonlyArray<Record<string, unknown>>;
  readonly requestBody?: {
    readonly required?: boolean;
    readonly content: Record<string, { schema: { $ref?: string } }>;
  };
}

interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation>>;
  readonly components: { schemas: Record<string, Record<string, unknown>> };
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch']);

function operations(doc: OpenApiDocument): Array<{ where: string; op: Operation }> {
  return Object.entries(doc.paths).flatMap(([path, item]) =>
    Object.entries(item)
      .filter(([method]) => METHODS.has(method))
      .map(([method, op]) => ({ where: `${method.toUpperCase()} ${path}`, op })),
  );
}

function securityOf(doc: OpenApiDocument, method: string, path: string): string[] {
  const op = doc.paths[path]?.[method];
  if (!op) throw new Error(`${method} ${path} is not documented`);
  return (op.security ?? []).map((requirement) => Object.keys(requirement).join('+'));
}

describe('the OpenAPI document', () => {
  let gateway: Gateway;
  let doc: OpenApiDocument;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService);
    doc = (await (await gateway.fetch('/docs-json')).json()) as OpenApiDocument;
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('lists each parameter of an operation once (header names are case-insensitive)', () => {
    const duplicates = operations(doc).flatMap(({ where, op }) => {
      const keys = (op.parameters ?? []).map((p) =>
        p.in === 'header' ? `header ${p.name.toLowerCase()}` : `${p.in} ${p.name}`,
      );
      return keys.filter((key, i) => keys.indexOf(key) !== i).map((key) => `${where}: ${key}`);
    });
    expect(duplicates).toEqual([]);
  });

  it.each(['/api/v1/traffic/events', '/api/v1/telemetry/samples'])(
    'declares the Idempotency-Key of %s with the shape the server accepts',
    (path) => {
      const header = (doc.paths[path]?.['post']?.parameters ?? []).find(
        (p) => p.name.toLowerCase() === 'idempotency-key',
      ) as
        | (Parameter & { schema: { pattern: string; minLength: number; maxLength: number } })
        | undefined;
      expect(header?.schema.pattern).toBe(IDEMPOTENCY_KEY_PATTERN.source);
      const { minLength, maxLength } = header?.schema ?? { minLength: 0, maxLength: 0 };
      const accepted = (length: number): boolean =>
        IDEMPOTENCY_KEY_PATTERN.test('k'.repeat(length));
      expect([minLength - 1, minLength, maxLength, maxLength + 1].map(accepted)).toEqual([
        false,
        true,
        true,
        false,
      ]);
    },
  );

  it('lists each security requirement of an operation once', () => {
    const duplicates = operations(doc).flatMap(({ where, op }) => {
      const keys = (op.security ?? []).map((requirement) => JSON.stringify(requirement));
      return keys.filter((key, i) => keys.indexOf(key) !== i).map((key) => `${where}: ${key}`);
    });
    expect(duplicates).toEqual([]);
  });

  it('offers API keys only where the access rule admits them', () => {
    // People only (the rule has a role and no scope).
    expect(securityOf(doc, 'post', '/api/v1/billing/checkout-session')).toEqual(['bearer']);
    expect(securityOf(doc, 'get', '/api/v1/billing/webhooks/failed')).toEqual(['bearer']);
    expect(securityOf(doc, 'post', '/api/v1/org/invites')).toEqual(['bearer']);
    // People and keys.
    expect(securityOf(doc, 'get', '/api/v1/billing/subscription')).toEqual(['bearer', 'api-key']);
    expect(securityOf(doc, 'post', '/api/v1/traffic/events')).toEqual(['bearer', 'api-key']);
    // Public.
    expect(securityOf(doc, 'post', '/api/v1/auth/login')).toEqual([]);
  });

  it('leaves out the probes and /metrics (served on the ops port, not the public one)', () => {
    expect(Object.keys(doc.paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
  });

  it('documents 503 on every API operation (a store or service behind any of them can be down)', () => {
    const undocumented = operations(doc)
      .filter(({ where, op }) => where.includes(' /api/') && !op.responses?.['503'])
      .map(({ where }) => where);
    expect(undocumented).toEqual([]);
  });

  it('maps each alert condition kind to its schema', () => {
    const rule = doc.components.schemas['CreateAlertRuleDto'] as {
      properties: { condition: { discriminator: { mapping?: Record<string, string> } } };
    };
    expect(rule.properties.condition.discriminator.mapping).toEqual({
      status: '#/components/schemas/StatusAlertConditionDto',
      formula: '#/components/schemas/FormulaAlertConditionDto',
    });
  });

  it("documents a stored status condition's radSetId and eventIdGlob as nullable", () => {
    const rule = doc.components.schemas['AlertRuleDto'] as {
      properties: { condition: { discriminator: { mapping: Record<string, string> } } };
    };
    const stored = rule.properties.condition.discriminator.mapping['status'] ?? '';
    const schema = doc.components.schemas[stored.replace('#/components/schemas/', '')] as {
      properties: Record<string, { nullable?: boolean }>;
      required?: string[];
    };
    expect(schema.properties['radSetId']?.nullable).toBe(true);
    expect(schema.properties['eventIdGlob']?.nullable).toBe(true);
  });

  it('documents the shape the server checks of a resource id in the path', () => {
    const patternOf = (method: string, path: string, name: string): string | undefined =>
      doc.paths[path]?.[method]?.parameters?.find((p) => p.in === 'path' && p.name === name)?.schema
        ?.pattern;
    for (const method of ['get', 'patch', 'delete'])
      expect(patternOf(method, '/api/v1/rad-sets/{id}', 'id')).toBe(RAD_SET_ID_PATTERN.source);
    expect(patternOf('patch', '/api/v1/alerts/rules/{id}', 'id')).toBe(
      ALERT_RULE_ID_PATTERN.source,
    );
    expect(patternOf('delete', '/api/v1/org/members/{userId}', 'userId')).toBe(
      '^usr_[A-Za-z0-9]{20}$',
    );
    // Every path parameter whose example is one of our prefixed ids (`rad_…`) says its pattern,
    // and its example matches it.
    const wrong = operations(doc).flatMap(({ where, op }) =>
      (op.parameters ?? [])
        .filter((p) => p.in === 'path' && /^[a-z]{3}_/.test(String(p.schema?.example)))
        .filter(
          (p) => !p.schema?.pattern || !new RegExp(p.schema.pattern).test(String(p.schema.example)),
        )
        .map((p) => `${where} ${p.name}`),
    );
    expect(wrong).toEqual([]);
  });

  it('marks a PATCH body required with a field, another JSON body required only when its schema has required fields', () => {
    const bodies = operations(doc).flatMap(({ where, op }) => {
      const schema = op.requestBody?.content['application/json']?.schema;
      const ref = schema?.$ref;
      if (!op.requestBody || !schema || !ref) return [];
      const component = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      const required = component?.['required'];
      const hasRequired = Array.isArray(required) && required.length > 0;
      return [{ where, required: op.requestBody.required ?? false, component, hasRequired }];
    });
    // The server answers a PATCH without a field with 400 (nothing to change), and reads a
    // missing body of another method as {} when every field is optional.
    const wrong = bodies.flatMap(({ where, required, component, hasRequired }) =>
      where.startsWith('PATCH ')
        ? required && component?.['minProperties'] === 1
          ? []
          : [
              `${where}: required ${String(required)}, minProperties ${String(component?.['minProperties'])}`,
            ]
        : required === hasRequired
          ? []
          : [`${where}: required ${String(required)}`],
    );
    expect(wrong).toEqual([]);
    // Both kinds are in the document, so neither rule is checked on nothing.
    expect(
      bodies.some(({ where, hasRequired }) => where.startsWith('PATCH ') && !hasRequired),
    ).toBe(true);
    expect(
      bodies.some(({ where, hasRequired }) => !where.startsWith('PATCH ') && !hasRequired),
    ).toBe(true);
  });

  describe('says every rule the validation pipe enforces', () => {
    type Schema = Record<string, unknown> & {
      properties?: Record<string, Record<string, unknown>>;
      required?: string[];
      items?: Record<string, unknown>;
    };
    const schemaNamed = (name: string): Schema | undefined =>
      doc.components.schemas[name] as Schema | undefined;

    /** Keywords that narrow a value: the document may say them only where a rule enforces them. */
    const NARROWING = [
      'minLength',
      'maxLength',
      'pattern',
      'minimum',
      'maximum',
      'exclusiveMinimum',
      'exclusiveMaximum',
      'minItems',
      'maxItems',
      'uniqueItems',
      'enum',
    ];

    /** Where a property's schema and one DTO property's rules disagree, in either direction. */
    function missing(where: string, property: Schema, keywords: Keywords, prefix = ''): string[] {
      const absent = Object.entries(keywords as Record<string, unknown>)
        .filter(([keyword]) => keyword !== 'description')
        .filter(([keyword, value]) => JSON.stringify(property[keyword]) !== JSON.stringify(value))
        .map(([keyword, value]) => `${where}: ${prefix}${keyword} ${JSON.stringify(value)}`);
      const unenforced = NARROWING.filter((k) => k in property && !(k in keywords)).map(
        (keyword) => `${where}: ${prefix}${keyword} is documented but not enforced`,
      );
      return [...absent, ...unenforced];
    }

    function driftOfClass(dto: DtoClass, seen: Set<DtoClass>): string[] {
      if (seen.has(dto)) return [];
      seen.add(dto);
      const schema = schemaNamed(dto.name);
      if (!schema) return [`${dto.name}: no component schema of that name`];
      const drift: string[] = [];
      if (schema.additionalProperties !== false)
        drift.push(`${dto.name}: additionalProperties is not false`);
      for (const rule of validationRulesOf(dto)) {
        const where = `${dto.name}.${rule.property}`;
        drift.push(...rule.unknown.map((name) => `${where}: no keyword for ${name}`));
        const property = schema.properties?.[rule.property] as Schema | undefined;
        if (!property) {
          drift.push(`${where}: validated but not documented`);
          continue;
        }
        if ((schema.required ?? []).includes(rule.property) === rule.optional)
          drift.push(`${where}: ${rule.optional ? 'optional' : 'required'} is not documented`);
        if ((property['nullable'] === true) !== rule.nullable)
          drift.push(`${where}: nullable should be ${String(rule.nullable)}`);
        const isObject =
          !property.items && ('$ref' in property || 'allOf' in property || 'oneOf' in property);
        if (!isObject) drift.push(...missing(where, property, rule.value));
        if (property.items && !('$ref' in property.items))
          drift.push(...missing(where, property.items, rule.items, 'items.'));
        for (const nested of rule.nested) drift.push(...driftOfClass(nested, seen));
      }
      return drift;
    }

    function driftOfQuery(where: string, parameters: Parameter[], dto: DtoClass): string[] {
      return validationRulesOf(dto).flatMap((rule) => {
        const parameter = parameters.find((p) => p.in === 'query' && p.name === rule.property) as
          (Parameter & { required?: boolean; schema?: Schema }) | undefined;
        if (!parameter) return [`${where}: query ${rule.property} is validated but not documented`];
        return [
          ...rule.unknown.map((name) => `${where} ${rule.property}: no keyword for ${name}`),
          ...((parameter.required ?? false) === rule.optional
            ? [`${where} ${rule.property}: required should be ${String(!rule.optional)}`]
            : []),
          ...missing(`${where} ${rule.property}`, parameter.schema ?? {}, rule.value),
          ...(Object.keys(rule.items).length > 0
            ? missing(
                `${where} ${rule.property}`,
                parameter.schema?.items ?? {},
                rule.items,
                'items.',
              )
            : []),
        ];
      });
    }

    it('in every body and query DTO of the document, nested classes included', () => {
      const validated = validatedOperations(doc as unknown as OpenAPIObject, gateway.app);
      // Every body and every query string is validated by a DTO the walk finds (a route that
      // hid its DTO from the walk would otherwise go unchecked).
      const found = new Set(validated.map(({ where }) => where));
      const unfound = operations(doc)
        .filter(({ op }) => op.requestBody || (op.parameters ?? []).some((p) => p.in === 'query'))
        .map(({ where }) => where)
        .filter((where) => !found.has(where));
      expect(unfound).toEqual([]);
      const seen = new Set<DtoClass>();
      const drift = validated.flatMap(({ where, operation, body, query }) => [
        ...(body ? driftOfClass(body, seen) : []),
        ...(query ? driftOfQuery(where, (operation.parameters ?? []) as Parameter[], query) : []),
      ]);
      expect(drift).toEqual([]);
    });

    it('documents the variants of an experiment as unique by name', () => {
      const variants = schemaNamed('CreateExperimentDto')?.properties?.['variants'];
      expect(variants).toMatchObject({ uniqueItems: true, 'x-unique-items-by': 'name' });
    });

    it('documents that an API key needs at least one scope, each once', () => {
      expect(schemaNamed('CreateApiKeyDto')?.properties?.['scopes']).toMatchObject({
        minItems: 1,
        uniqueItems: true,
      });
    });
  });
});
