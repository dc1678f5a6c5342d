// What Schemathesis (the e2e suite's independent fuzzer) found wrong in /docs-json: a header
// listed twice, security requirements listed twice, routes for people only that offered API keys,
// a discriminator without its mapping, and bodies marked required that the routes do without.
import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import type { Gateway } from './support/gateway-api';

interface Parameter {
  readonly name: string;
  readonly in: string;
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

  it('marks a JSON body required only when its schema has required fields', () => {
    const wrong = operations(doc).flatMap(({ where, op }) => {
      const ref = op.requestBody?.content['application/json']?.schema.$ref;
      if (!op.requestBody || !ref) return [];
      const schema = doc.components.schemas[ref.replace('#/components/schemas/', '')];
      const hasRequired = Array.isArray(schema?.['required']) && schema['required'].length > 0;
      return (op.requestBody.required ?? false) === hasRequired ? [] : [where];
    });
    expect(wrong).toEqual([]);
  });
});
