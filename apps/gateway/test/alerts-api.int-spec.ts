import { ALERT_PATTERNS, ConflictError } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, createApiKey, type Gateway, type Session } from './support/gateway-api';
import {
  cannedAnswer,
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const RULE_ID = 'arl_3kT9wQ1mZp8Lx2Vb7Nc4';
const ALERT_ID = 'alt_3kT9wQ1mZp8Lx2Vb7Nc4';
const RESOLVED_ALERT_ID = 'alt_ResolvedResolvedReso';

/**
 * The traffic monitor as far as the gateway can tell: it answers the alert patterns with a
 * canned reply and records what it received; acknowledging RESOLVED_ALERT_ID is a 409. (The
 * service itself is tested over the transport in apps/traffic-monitor/test/alerts.int-spec.ts.)
 */
const TRAFFIC_MONITOR_STAND_IN: StandInOptions = {
  service: 'traffic-monitor',
  patterns: Object.values(ALERT_PATTERNS),
  answer: (pattern, payload) => {
    if (pattern === ALERT_PATTERNS.acknowledge && payload['id'] === RESOLVED_ALERT_ID) {
      throw new ConflictError('the alert is resolved: there is nothing to acknowledge');
    }
    return cannedAnswer(pattern, payload);
  },
};

const STATUS_RULE = {
  name: 'Feed collapsed',
  condition: { kind: 'status', statuses: ['CRITICAL'], eventIdGlob: 'pandc.*.feed.*' },
  severity: 'critical',
  channels: {
    slack: { webhookUrl: 'https://hooks.slack.com/services/T000/B000/XXXX' },
    email: { recipients: ['oncall@example.com'] },
  },
};

describe('alerts API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let admin: Session;
  let analyst: Session;
  let viewer: Session;
  let received: Received[];

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      standIn: TRAFFIC_MONITOR_STAND_IN,
      members: ['admin', 'analyst', 'viewer'],
    });
    ({ gateway, standIn, received, owner } = api);
    ({ admin, analyst, viewer } = api.members);
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it('lists alerts for a viewer, with the filters converted and the org in the envelope', async () => {
    const response = await call(
      gateway,
      'GET',
      `/api/v1/alerts?status=open,acknowledged&severity=critical&ruleId=${RULE_ID}` +
        '&from=2026-11-20T00:00:00Z&limit=20',
      { token: viewer.accessToken },
    );

    expect(response.status).toBe(200);
    expect(received).toEqual([
      {
        pattern: ALERT_PATTERNS.list,
        payload: {
          status: ['open', 'acknowledged'],
          severity: ['critical'],
          ruleId: RULE_ID,
          from: '2026-11-20T00:00:00Z',
          limit: 20,
        },
        envelope: expect.objectContaining({
          orgId: owner.organization.id,
          actor: expect.objectContaining({ kind: 'user', id: viewer.user.id }),
        }),
      },
    ]);
  });

  it('refuses bad filters at the gateway, naming each, without calling the service', async () => {
    const response = await call(gateway, 'GET', '/api/v1/alerts?status=open,bogus&limit=0&x=1', {
      token: viewer.accessToken,
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(
      [
        ...new Set((response.body['errors'] as Array<{ field: string }>).map((e) => e.field)),
      ].sort(),
    ).toEqual(['limit', 'status', 'x']);
    expect(received).toEqual([]);
  });

  it('routes /alerts/rules to the rule list, not to an alert called "rules"', async () => {
    const response = await call(gateway, 'GET', '/api/v1/alerts/rules', {
      token: viewer.accessToken,
    });

    expect(response.status).toBe(200);
    expect(received.map(({ pattern }) => pattern)).toEqual([ALERT_PATTERNS.rulesList]);
  });

  it('lets admins write rules, and forwards the validated body', async () => {
    const created = await call(gateway, 'POST', '/api/v1/alerts/rules', {
      token: admin.accessToken,
      body: STATUS_RULE,
    });
    const updated = await call(gateway, 'PATCH', `/api/v1/alerts/rules/${RULE_ID}`, {
      token: owner.accessToken,
      body: { enabled: false },
    });
    const deleted = await call(gateway, 'DELETE', `/api/v1/alerts/rules/${RULE_ID}`, {
      token: admin.accessToken,
    });

    expect([created.status, updated.status, deleted.status]).toEqual([201, 200, 200]);
    expect(received.map(({ pattern, payload }) => [pattern, payload])).toEqual([
      [ALERT_PATTERNS.rulesCreate, STATUS_RULE],
      [ALERT_PATTERNS.rulesUpdate, { enabled: false, id: RULE_ID }],
      [ALERT_PATTERNS.rulesDelete, { id: RULE_ID }],
    ]);
  });

  it('keeps rule writes from analysts and viewers, and acknowledging from viewers', async () => {
    const responses = await Promise.all([
      call(gateway, 'POST', '/api/v1/alerts/rules', {
        token: analyst.accessToken,
        body: STATUS_RULE,
      }),
      call(gateway, 'DELETE', `/api/v1/alerts/rules/${RULE_ID}`, { token: viewer.accessToken }),
      call(gateway, 'POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, {
        token: viewer.accessToken,
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([403, 403, 403]);
    expect(received).toEqual([]);
  });

  it('lets an analyst acknowledge, and passes the service’s 409 through', async () => {
    const acknowledged = await call(gateway, 'POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, {
      token: analyst.accessToken,
    });
    const resolved = await call(
      gateway,
      'POST',
      `/api/v1/alerts/${RESOLVED_ALERT_ID}/acknowledge`,
      { token: analyst.accessToken },
    );

    expect(acknowledged.status).toBe(200);
    expect(resolved.status).toBe(409);
    expect(resolved.headers.get('content-type')).toContain('application/problem+json');
    expect(received[0]).toMatchObject({
      pattern: ALERT_PATTERNS.acknowledge,
      payload: { id: ALERT_ID },
      envelope: { actor: { id: analyst.user.id } },
    });
  });

  it('lets a read key list alerts but not acknowledge them; an admin key may', async () => {
    const [readKey, adminKey] = await Promise.all([
      createApiKey(gateway, owner, ['read']),
      createApiKey(gateway, owner, ['admin']),
    ]);

    const responses = await Promise.all([
      call(gateway, 'GET', `/api/v1/alerts/${ALERT_ID}`, { apiKey: readKey.key }),
      call(gateway, 'POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, { apiKey: readKey.key }),
      call(gateway, 'POST', `/api/v1/alerts/${ALERT_ID}/acknowledge`, { apiKey: adminKey.key }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 403, 200]);
  });

  it('refuses an invalid rule at the gateway, naming the fields', async () => {
    const response = await call(gateway, 'POST', '/api/v1/alerts/rules', {
      token: admin.accessToken,
      body: {
        name: ' ',
        condition: { kind: 'formula', expression: 'count()', operator: 'above', threshold: 'x' },
        cooldownMinutes: 99_999,
        channels: { slack: { webhookUrl: 'javascript:alert(1)' } },
      },
    });

    expect(response.status).toBe(400);
    expect(
      [
        ...new Set((response.body['errors'] as Array<{ field: string }>).map((e) => e.field)),
      ].sort(),
    ).toEqual([
      'channels.slack.webhookUrl',
      'condition.operator',
      'condition.threshold',
      'cooldownMinutes',
      'name',
    ]);
    expect(received).toEqual([]);
  });

  it('answers 404 for ids that cannot be alerts or rules, without calling the service', async () => {
    const responses = await Promise.all([
      call(gateway, 'GET', '/api/v1/alerts/nope', { token: owner.accessToken }),
      call(gateway, 'POST', `/api/v1/alerts/${RULE_ID}/acknowledge`, { token: owner.accessToken }),
      call(gateway, 'GET', `/api/v1/alerts/rules/${ALERT_ID}`, { token: owner.accessToken }),
      call(gateway, 'PATCH', '/api/v1/alerts/rules/..%2F..', {
        token: owner.accessToken,
        body: { enabled: true },
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([404, 404, 404, 404]);
    expect(received).toEqual([]);
  });

  it('documents the alert routes in the OpenAPI document', async () => {
    const document = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };

    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/v1/alerts',
        '/api/v1/alerts/{id}',
        '/api/v1/alerts/{id}/acknowledge',
        '/api/v1/alerts/rules',
        '/api/v1/alerts/rules/{id}',
      ]),
    );
  });
});
