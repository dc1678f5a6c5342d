import {
  ConflictError,
  DASHBOARD_PATTERNS,
  EXPERIMENT_PATTERNS,
  RAD_SET_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, createApiKey, type Gateway, type Session } from './support/gateway-api';
import {
  cannedAnswer,
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const RAD_SET_ID = 'rad_3kT9wQ1mZp8Lx2Vb7Nc4';

/**
 * The traffic monitor as far as the gateway can tell: it answers the RAD set, dashboard and
 * experiment patterns with a canned reply and records what it received. (The service itself
 * is tested over the transport in apps/traffic-monitor/test.)
 */
const TRAFFIC_MONITOR_STAND_IN: StandInOptions = {
  service: 'traffic-monitor',
  patterns: [
    ...Object.values(RAD_SET_PATTERNS),
    ...Object.values(DASHBOARD_PATTERNS),
    ...Object.values(EXPERIMENT_PATTERNS),
  ],
  answer: (pattern, payload) => {
    if (payload['name'] === 'Taken') throw new ConflictError('a RAD set named "Taken" exists');
    return cannedAnswer(pattern, payload);
  },
};

describe('traffic health API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let received: Received[];

  const lastReceived = () => received.at(-1);

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
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

  it('forwards a RAD set listing with the caller’s org in the envelope', async () => {
    const response = await call(gateway, 'GET', '/api/v1/rad-sets', { token: viewer.accessToken });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({ answeredBy: 'stand-in', pattern: RAD_SET_PATTERNS.list });
    expect(lastReceived()?.envelope).toMatchObject({
      orgId: owner.organization.id,
      actor: { kind: 'user', id: viewer.user.id },
    });
  });

  it('creates a RAD set with 201 and forwards the validated body', async () => {
    const body = { name: 'Checkout', pattern: 'shop.checkout.*', colour: '#112233' };

    const response = await call(gateway, 'POST', '/api/v1/rad-sets', {
      token: owner.accessToken,
      body,
    });

    expect(response.status).toBe(201);
    expect(lastReceived()).toMatchObject({ pattern: RAD_SET_PATTERNS.create, payload: body });
  });

  it('refuses an invalid RAD set at the gateway, without calling the service', async () => {
    const response = await call(gateway, 'POST', '/api/v1/rad-sets', {
      token: owner.accessToken,
      body: { name: 'Checkout', pattern: 'shop.(checkout)', colour: 'blue', extra: 1 },
    });

    expect(response.status).toBe(400);
    expect(
      (response.body['errors'] as Array<{ field: string }>).map((error) => error.field).sort(),
    ).toEqual(['colour', 'extra', 'pattern']);
    expect(received).toEqual([]);
  });

  it('refuses a RAD set pattern with more than eight "*" as problem+json, without calling the service', async () => {
    const response = await call(gateway, 'POST', '/api/v1/rad-sets', {
      token: owner.accessToken,
      body: { name: 'Hostile', pattern: `${'*a'.repeat(9)}*Z`, colour: '#112233' },
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body['errors']).toEqual([
      expect.objectContaining({
        field: 'pattern',
        message: 'pattern may hold at most 8 "*" wildcards',
      }),
    ]);
    expect(received).toEqual([]);
  });

  it('passes the service’s 409 through as problem+json', async () => {
    const response = await call(gateway, 'PATCH', `/api/v1/rad-sets/${RAD_SET_ID}`, {
      token: owner.accessToken,
      body: { name: 'Taken' },
    });

    expect(response.status).toBe(409);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(lastReceived()?.payload).toEqual({ name: 'Taken', id: RAD_SET_ID });
  });

  it('adds the example RAD sets for an editor with 200, in the caller’s org', async () => {
    const response = await call(gateway, 'POST', '/api/v1/rad-sets/examples', {
      token: owner.accessToken,
    });

    expect(response.status).toBe(200);
    expect(lastReceived()).toMatchObject({
      pattern: RAD_SET_PATTERNS.addExamples,
      payload: {},
      envelope: { orgId: owner.organization.id },
    });
  });

  it('lets a viewer and a read-scoped key see suggestions, but not add the examples', async () => {
    const key = await createApiKey(gateway, owner, ['read']);

    const suggestions = await call(gateway, 'GET', '/api/v1/rad-sets/suggestions', {
      apiKey: key.key,
    });
    const byViewer = await call(gateway, 'GET', '/api/v1/rad-sets/suggestions', {
      token: viewer.accessToken,
    });
    expect([suggestions.status, byViewer.status]).toEqual([200, 200]);
    expect(received.map((message) => message.pattern)).toEqual([
      RAD_SET_PATTERNS.suggestions,
      RAD_SET_PATTERNS.suggestions,
    ]);
    received.length = 0;

    const refused = await Promise.all([
      call(gateway, 'POST', '/api/v1/rad-sets/examples', { token: viewer.accessToken }),
      call(gateway, 'POST', '/api/v1/rad-sets/examples', { apiKey: key.key }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 403]);
    expect(received).toEqual([]);
  });

  it('answers 404 for an id that cannot be a RAD set, without calling the service', async () => {
    const responses = await Promise.all([
      call(gateway, 'GET', '/api/v1/rad-sets/key_abc', { token: owner.accessToken }),
      call(gateway, 'DELETE', '/api/v1/rad-sets/x', { token: owner.accessToken }),
      call(gateway, 'GET', '/api/v1/experiments/..%2F..', { token: owner.accessToken }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404]);
    expect(received).toEqual([]);
  });

  it('lets viewers read but not change RAD sets, experiments or the config', async () => {
    const responses = await Promise.all([
      call(gateway, 'DELETE', `/api/v1/rad-sets/${RAD_SET_ID}`, { token: viewer.accessToken }),
      call(gateway, 'PUT', '/api/v1/dashboard/config', {
        token: viewer.accessToken,
        body: { criticalDropPct: 90 },
      }),
      call(gateway, 'POST', '/api/v1/dashboard/config/rollback/1', { token: viewer.accessToken }),
      call(gateway, 'DELETE', '/api/v1/experiments/feed', { token: viewer.accessToken }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([403, 403, 403, 403]);
    expect(received).toEqual([]);
  });

  it('lets a read-scoped API key query the dashboard, answering 200', async () => {
    const key = await createApiKey(gateway, owner, ['read']);

    const response = await call(gateway, 'POST', '/api/v1/dashboard/query', {
      apiKey: key.key,
      body: { statuses: ['CRITICAL'], sortBy: 'impact', sortDir: 'asc', page: 2, pageSize: 10 },
    });

    expect(response.status).toBe(200);
    expect(lastReceived()).toMatchObject({
      pattern: DASHBOARD_PATTERNS.query,
      payload: { statuses: ['CRITICAL'], sortBy: 'impact', sortDir: 'asc', page: 2, pageSize: 10 },
    });
  });

  it('refuses an unknown sort column and an unknown status at the gateway', async () => {
    const response = await call(gateway, 'POST', '/api/v1/dashboard/query', {
      token: viewer.accessToken,
      body: { sortBy: 'password', statuses: ['BROKEN'] },
    });

    expect(response.status).toBe(400);
    expect(received).toEqual([]);
  });

  it('forwards stats, config and history with their query parameters converted', async () => {
    await call(gateway, 'GET', '/api/v1/dashboard/stats?asOf=2026-11-20T12:00:00Z', {
      token: viewer.accessToken,
    });
    await call(gateway, 'GET', '/api/v1/dashboard/config/history?limit=5&beforeVersion=9', {
      token: viewer.accessToken,
    });
    const put = await call(gateway, 'PUT', '/api/v1/dashboard/config', {
      token: owner.accessToken,
      body: { criticalDropPct: 90, baseVersion: 2 },
    });
    const rollback = await call(gateway, 'POST', '/api/v1/dashboard/config/rollback/3', {
      token: owner.accessToken,
    });

    expect(put.status).toBe(200);
    expect(rollback.status).toBe(200);
    expect(received.map(({ pattern, payload }) => [pattern, payload])).toEqual([
      [DASHBOARD_PATTERNS.stats, { asOf: '2026-11-20T12:00:00Z' }],
      [DASHBOARD_PATTERNS.configHistory, { limit: 5, beforeVersion: 9 }],
      [DASHBOARD_PATTERNS.putConfig, { criticalDropPct: 90, baseVersion: 2 }],
      [DASHBOARD_PATTERNS.rollbackConfig, { version: 3 }],
    ]);
  });

  it('answers 404 for a rollback to something that is not a version', async () => {
    const response = await call(gateway, 'POST', '/api/v1/dashboard/config/rollback/latest', {
      token: owner.accessToken,
    });

    expect(response.status).toBe(404);
    expect(received).toEqual([]);
  });

  it('forwards experiment health with its key and window', async () => {
    const response = await call(
      gateway,
      'GET',
      '/api/v1/experiments/feed-ranking/health?from=2026-11-13T00:00:00Z',
      { token: viewer.accessToken },
    );

    expect(response.status).toBe(200);
    expect(lastReceived()).toMatchObject({
      pattern: EXPERIMENT_PATTERNS.health,
      payload: { key: 'feed-ranking', from: '2026-11-13T00:00:00Z' },
    });
  });

  it('documents every new route in the OpenAPI document', async () => {
    const document = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/rad-sets',
        '/api/v1/rad-sets/{id}',
        '/api/v1/dashboard/stats',
        '/api/v1/dashboard/query',
        '/api/v1/dashboard/config',
        '/api/v1/dashboard/config/history',
        '/api/v1/dashboard/config/rollback/{version}',
        '/api/v1/experiments',
        '/api/v1/experiments/{key}',
        '/api/v1/experiments/{key}/health',
      ]),
    );
  });

  it('documents the example and suggestion answers exactly', async () => {
    type Schema = {
      $ref?: string;
      type?: string;
      required?: string[];
      items?: Schema;
      maxItems?: number;
      properties?: Record<string, Schema>;
    };
    type Operation = { requestBody?: unknown; responses: Record<string, { content?: unknown }> };
    const document = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, Operation>>;
      components: { schemas: Record<string, Schema> };
    };
    const schema = (name: string) => document.components.schemas[name] as Schema;
    const examples = document.paths['/api/v1/rad-sets/examples']?.['post'];
    const suggestions = document.paths['/api/v1/rad-sets/suggestions']?.['get'];

    expect(examples?.requestBody).toBeUndefined();
    expect(Object.keys(examples?.responses ?? {})).toEqual(
      expect.arrayContaining(['200', '401', '403', '409']),
    );
    expect(JSON.stringify(examples?.responses['200'])).toContain('RadSetExamplesResultDto');
    expect(schema('RadSetExamplesResultDto').required).toEqual(['created', 'alreadyPresent']);
    expect(JSON.stringify(suggestions?.responses['200'])).toContain('RadSetSuggestionListDto');
    expect(schema('RadSetSuggestionListDto')).toMatchObject({
      required: ['items', 'eventIdsSeen', 'eventIdsCovered', 'catalogueFull', 'howToCreate'],
      properties: {
        items: { maxItems: 20 },
        eventIdsSeen: { type: 'integer' },
        eventIdsCovered: { type: 'integer' },
      },
    });
    expect(schema('RadSetSuggestionDto')).toMatchObject({
      required: ['body', 'eventIdCount', 'sampleEventIds'],
      properties: { eventIdCount: { type: 'integer' }, sampleEventIds: { maxItems: 5 } },
    });
    expect(schema('RadSetSuggestionBodyDto').required).toEqual(['name', 'pattern', 'colour']);
  });
});
