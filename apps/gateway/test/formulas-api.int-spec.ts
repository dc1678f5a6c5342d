import {
  FORMULA_PATTERNS,
  type FormulaDiagnosticError,
  ValidationFailedError,
} from '@vantage/contracts';
import { compileFormula, FORMULA_FUNCTIONS } from '@vantage/formula';
import type { RedisStreamsServer } from '@vantage/transport';
import {
  addMember,
  call,
  createApiKey,
  type Gateway,
  registerOrg,
  type Session,
} from './support/gateway-api';
import {
  cannedAnswer,
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const SAVED_ID = 'fml_3kT9wQ1mZp8Lx2Vb7Nc4';
const EXPENSIVE_PER_MINUTE = 3;

/**
 * The traffic monitor's formula patterns as far as the gateway can tell (the service itself is
 * tested over the transport in apps/traffic-monitor/test): the catalogue from the formula
 * library, and execute refusing a formula that does not compile the way the service does,
 * with one positioned entry per diagnostic.
 */
function answer(pattern: string, payload: Record<string, unknown>): unknown {
  switch (pattern) {
    case FORMULA_PATTERNS.functions:
      return { items: FORMULA_FUNCTIONS };
    case FORMULA_PATTERNS.execute: {
      const compiled = compileFormula(String(payload['expression']));
      if (!compiled.ok) {
        const errors: FormulaDiagnosticError[] = compiled.diagnostics.map((d) => ({
          field: 'expression',
          code: d.code,
          message: d.message,
          hint: d.hint,
          line: d.span.line,
          column: d.span.column,
          offset: d.span.offset,
          length: d.span.length,
        }));
        throw new ValidationFailedError('the formula is not valid', errors);
      }
      return { expression: payload['expression'], points: [] };
    }
    default:
      return cannedAnswer(pattern, payload);
  }
}

const TRAFFIC_MONITOR_STAND_IN: StandInOptions = {
  service: 'traffic-monitor',
  patterns: Object.values(FORMULA_PATTERNS),
  answer,
};

describe('formulas API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let received: Received[];

  const lastReceived = () => received.at(-1);

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      env: { RATE_LIMIT_EXPENSIVE_PER_MINUTE: String(EXPENSIVE_PER_MINUTE) },
      standIn: TRAFFIC_MONITOR_STAND_IN,
      members: ['viewer'],
    });
    ({ gateway, standIn, received, owner } = api);
    viewer = api.members.viewer;
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it('answers an invalid formula with problem+json carrying line, column and hint', async () => {
    const response = await call(gateway, 'POST', '/api/v1/formulas/execute', {
      token: viewer.accessToken,
      body: {
        expression: 'count() /\n  cuont(eventId="x")',
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-21T00:00:00Z',
        intervalMs: 3_600_000,
      },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      type: 'https://vantage.dev/problems/validation-failed',
      status: 400,
      code: 'VALIDATION_FAILED',
      errors: [
        {
          field: 'expression',
          code: 'unknown_function',
          line: 2,
          column: 3,
          offset: 12,
          length: 5,
          message: expect.stringContaining("did you mean 'count'"),
          hint: expect.any(String),
        },
      ],
    });
    expect(lastReceived()?.envelope).toMatchObject({ orgId: owner.organization.id });
  });

  it('lists the functions with signature, description and example', async () => {
    const key = await createApiKey(gateway, owner, ['read']);

    const response = await call<{ items: Record<string, unknown>[] }>(
      gateway,
      'GET',
      '/api/v1/formulas/functions',
      { apiKey: key.key },
    );

    expect(response.status).toBe(200);
    expect(response.body.items).toHaveLength(FORMULA_FUNCTIONS.length);
    expect(response.body.items.find((item) => item['name'] === 'count')).toMatchObject({
      signature: expect.stringContaining('count('),
      description: expect.any(String),
      example: expect.any(String),
    });
  });

  it('refuses a malformed execute body at the gateway, without calling the service', async () => {
    const response = await call(gateway, 'POST', '/api/v1/formulas/execute', {
      token: viewer.accessToken,
      body: {
        expression: 'count()',
        from: 'yesterday',
        to: '2026-11-21T00:00:00Z',
        intervalMs: 1.5,
        orgId: 'x',
      },
    });

    expect(response.status).toBe(400);
    const fields = (response.body['errors'] as Array<{ field: string }>).map((e) => e.field);
    expect([...new Set(fields)].sort()).toEqual(['from', 'intervalMs', 'orgId']);
    expect(received).toEqual([]);
  });

  it('lets viewers read and run formulas but not save, change or delete them', async () => {
    const reads = await Promise.all([
      call(gateway, 'GET', '/api/v1/formulas/examples', { token: viewer.accessToken }),
      call(gateway, 'GET', '/api/v1/formulas/saved?page=2&pageSize=5', {
        token: viewer.accessToken,
      }),
      call(gateway, 'POST', '/api/v1/formulas/validate', {
        token: viewer.accessToken,
        body: { expression: 'count()' },
      }),
    ]);
    const writes = await Promise.all([
      call(gateway, 'POST', '/api/v1/formulas/saved', {
        token: viewer.accessToken,
        body: { name: 'CTR', expression: 'count()' },
      }),
      call(gateway, 'PATCH', `/api/v1/formulas/saved/${SAVED_ID}`, {
        token: viewer.accessToken,
        body: { name: 'CTR' },
      }),
      call(gateway, 'DELETE', `/api/v1/formulas/saved/${SAVED_ID}`, { token: viewer.accessToken }),
    ]);

    expect(reads.map((response) => response.status)).toEqual([200, 200, 200]);
    expect(writes.map((response) => response.status)).toEqual([403, 403, 403]);
    expect(received.map(({ pattern, payload }) => [pattern, payload]).sort()).toEqual(
      [
        [FORMULA_PATTERNS.examples, {}],
        [FORMULA_PATTERNS.savedList, { page: 2, pageSize: 5 }],
        [FORMULA_PATTERNS.validate, { expression: 'count()' }],
      ].sort(),
    );
  });

  it('lets an analyst save a formula and forwards the id of a change with the body', async () => {
    const analyst = await addMember(gateway, owner, 'analyst');

    const [created, changed, malformed] = await Promise.all([
      call(gateway, 'POST', '/api/v1/formulas/saved', {
        token: analyst.accessToken,
        body: { name: 'CTR', expression: 'count()' },
      }),
      call(gateway, 'PATCH', `/api/v1/formulas/saved/${SAVED_ID}`, {
        token: analyst.accessToken,
        body: { description: 'clicks per impression' },
      }),
      call(gateway, 'GET', '/api/v1/formulas/saved/rad_3kT9wQ1mZp8Lx2Vb7Nc4', {
        token: analyst.accessToken,
      }),
    ]);

    expect([created.status, changed.status, malformed.status]).toEqual([201, 200, 404]);
    expect(received.map(({ pattern, payload }) => [pattern, payload]).sort()).toEqual(
      [
        [FORMULA_PATTERNS.savedCreate, { name: 'CTR', expression: 'count()' }],
        [FORMULA_PATTERNS.savedUpdate, { description: 'clicks per impression', id: SAVED_ID }],
      ].sort(),
    );
  });

  it('counts execute against the lower limit of expensive routes', async () => {
    const busy = await registerOrg(gateway, 'busy');
    const execute = () =>
      call(gateway, 'POST', '/api/v1/formulas/execute', {
        token: busy.accessToken,
        body: { expression: 'count()', from: '2026-11-20T00:00:00Z', to: '2026-11-21T00:00:00Z' },
      });

    const statuses: number[] = [];
    for (let i = 0; i <= EXPENSIVE_PER_MINUTE; i++) statuses.push((await execute()).status);
    const functions = await call(gateway, 'GET', '/api/v1/formulas/functions', {
      token: busy.accessToken,
    });

    expect(statuses).toEqual([...Array<number>(EXPENSIVE_PER_MINUTE).fill(200), 429]);
    expect(functions.status).toBe(200);
  });

  it('documents the formula routes in the OpenAPI document', async () => {
    const document = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/formulas/validate',
        '/api/v1/formulas/execute',
        '/api/v1/formulas/functions',
        '/api/v1/formulas/examples',
        '/api/v1/formulas/suggest',
        '/api/v1/formulas/saved',
        '/api/v1/formulas/saved/{id}',
      ]),
    );
  });
});
