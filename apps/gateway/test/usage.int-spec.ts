import {
  GATEWAY_USAGE_RECORDED_EVENT,
  type MessageEnvelope,
  TRAFFIC_INGEST_PATTERN,
  type UsageRecordDto,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsContext, RedisStreamsServer } from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { gatewayService } from '../src/service-definition';
import {
  call,
  createApiKey,
  type Gateway,
  PASSWORD,
  registerOrg,
  type Session,
  uniqueEmail,
  verifyEmail,
} from './support/gateway-api';

interface UsageEvent {
  readonly records: UsageRecordDto[];
  readonly envelope: MessageEnvelope;
}

/** Reporting as far as the gateway can tell: it keeps every usage event it is sent. */
function startReportingStandIn(
  gateway: Gateway,
  events: UsageEvent[],
): Promise<RedisStreamsServer> {
  return startTestServer(
    {
      service: 'reporting',
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    },
    [
      {
        pattern: GATEWAY_USAGE_RECORDED_EVENT,
        event: true,
        handler: (payload: { records: UsageRecordDto[] }, context: RedisStreamsContext) => {
          events.push({ records: payload.records, envelope: context.getEnvelope() });
        },
      },
    ],
  );
}

/** The traffic monitor accepting every ingested batch whole. */
function startTrafficMonitorStandIn(gateway: Gateway): Promise<RedisStreamsServer> {
  return startTestServer(
    {
      service: 'traffic-monitor',
      prefix: gateway.config.TRANSPORT_PREFIX,
      redisUrl: gateway.config.REDIS_URL,
    },
    [
      {
        pattern: TRAFFIC_INGEST_PATTERN,
        handler: (payload: { events: unknown[] }) => ({
          accepted: payload.events.length,
          rejected: 0,
          errors: [],
        }),
      },
    ],
  );
}

function trafficEvents(count: number): Record<string, unknown>[] {
  return Array.from({ length: count }, (_, index) => ({
    eventId: `shop.checkout.step_${index}`,
    timestamp: new Date().toISOString(),
    count: 1,
  }));
}

describe('usage events (gateway → reporting)', () => {
  let gateway: Gateway;
  let reporting: RedisStreamsServer;
  let trafficMonitor: RedisStreamsServer;
  const events: UsageEvent[] = [];

  const recordsOf = (orgId: string): UsageRecordDto[] =>
    events.filter((event) => event.envelope.orgId === orgId).flatMap((event) => event.records);

  /** Waits until the org's records include one matching `predicate`, then returns them all. */
  async function recordsUntil(
    orgId: string,
    predicate: (record: UsageRecordDto) => boolean,
    what: string,
  ): Promise<UsageRecordDto[]> {
    await waitUntil(() => recordsOf(orgId).some(predicate), what);
    return recordsOf(orgId);
  }

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: { USAGE_FLUSH_INTERVAL_MS: '100', USAGE_COUNTRY_HEADER: 'CF-IPCountry' },
    });
    reporting = await startReportingStandIn(gateway, events);
    trafficMonitor = await startTrafficMonitorStandIn(gateway);
  });

  afterAll(async () => {
    await reporting?.close();
    await trafficMonitor?.close();
    await gateway?.close();
  });

  describe('an organisation whose owner signs in and calls the API', () => {
    let owner: Session;
    let records: UsageRecordDto[];
    let keyId: string;

    beforeAll(async () => {
      const email = uniqueEmail('usage');
      const registered = await call(gateway, 'POST', '/api/v1/auth/register', {
        body: { orgName: 'Usage Org', name: 'Ada', email, password: PASSWORD },
      });
      expect(registered.status).toBe(202);
      await verifyEmail(gateway, email);
      const login = await call<Session>(gateway, 'POST', '/api/v1/auth/login', {
        body: { email, password: PASSWORD },
      });
      expect(login.status).toBe(200);
      owner = login.body;

      const me = await call(gateway, 'GET', '/api/v1/auth/me', {
        token: owner.accessToken,
        headers: { 'cf-ipcountry': 'de' },
      });
      expect(me.status).toBe(200);
      const key = await createApiKey(gateway, owner, ['ingest']);
      keyId = key.id;
      const ingest = await call(gateway, 'POST', '/api/v1/traffic/events', {
        apiKey: key.key,
        body: { events: trafficEvents(3) },
        headers: { 'cf-ipcountry': 'T1' },
      });
      expect(ingest.status).toBe(202);
      // Machinery and anonymous calls: none of them is usage.
      expect(
        (await call(gateway, 'GET', '/health/ready', { token: owner.accessToken })).status,
      ).toBeLessThan(600);
      await gateway.fetch('/metrics', {
        headers: { authorization: `Bearer ${owner.accessToken}` },
      });
      expect((await call(gateway, 'GET', '/api/v1/api-keys')).status).toBe(401);
      // Last, so that once its record is in, every earlier one is too.
      const revoked = await call(gateway, 'DELETE', `/api/v1/api-keys/${keyId}`, {
        token: owner.accessToken,
        headers: { 'cf-ipcountry': 'FR' },
      });
      expect(revoked.status).toBe(200);

      records = await recordsUntil(
        owner.organization.id,
        (record) => record.endpoint === 'DELETE /api/v1/api-keys/:id',
        'the revocation’s usage record',
      );
    });

    it('records the sign-in as one login of the user, and the sign-up as none', () => {
      const logins = records.filter((record) => record.kind === 'login');
      expect(logins).toEqual([{ at: expect.any(String), kind: 'login', userId: owner.user.id }]);
    });

    it('records each authenticated request with its route template, status and country', () => {
      const requests = records.filter((record) => record.kind === 'request');
      expect(requests).toEqual([
        {
          at: expect.any(String),
          kind: 'request',
          userId: owner.user.id,
          endpoint: 'GET /api/v1/auth/me',
          status: 200,
          country: 'DE',
        },
        {
          at: expect.any(String),
          kind: 'request',
          userId: owner.user.id,
          endpoint: 'POST /api/v1/api-keys',
          status: 201,
        },
        {
          at: expect.any(String),
          kind: 'request',
          endpoint: 'POST /api/v1/traffic/events',
          status: 202,
          eventsIngested: 3,
        },
        {
          at: expect.any(String),
          kind: 'request',
          userId: owner.user.id,
          endpoint: 'DELETE /api/v1/api-keys/:id',
          status: 200,
          country: 'FR',
        },
      ]);
    });

    it('never puts a raw URL (with ids) in an endpoint', () => {
      const endpoints = records.flatMap((record) => (record.endpoint ? [record.endpoint] : []));
      expect(endpoints.some((endpoint) => endpoint.includes(keyId))).toBe(false);
      expect(endpoints.some((endpoint) => /health|metrics/.test(endpoint))).toBe(false);
    });

    it('carries the org in the envelope of every event, never in the payload', () => {
      const ownEvents = events.filter((event) => event.envelope.orgId === owner.organization.id);
      expect(ownEvents.length).toBeGreaterThan(0);
      for (const event of ownEvents) {
        expect(event.envelope.actor).toMatchObject({ kind: 'service' });
        expect(JSON.stringify(event.records)).not.toContain(owner.organization.id);
      }
    });
  });

  it('keeps each organisation’s records in its own events', async () => {
    const first = await registerOrg(gateway, 'first');
    const second = await registerOrg(gateway, 'second');

    expect((await call(gateway, 'GET', '/api/v1/org', { token: first.accessToken })).status).toBe(
      200,
    );
    expect(
      (await call(gateway, 'GET', '/api/v1/org/members', { token: second.accessToken })).status,
    ).toBe(200);

    const firstRecords = await recordsUntil(
      first.organization.id,
      (record) => record.endpoint === 'GET /api/v1/org',
      'the first org’s record',
    );
    const secondRecords = await recordsUntil(
      second.organization.id,
      (record) => record.endpoint === 'GET /api/v1/org/members',
      'the second org’s record',
    );
    expect(firstRecords.map((record) => record.userId)).toEqual([first.user.id]);
    expect(secondRecords.map((record) => record.userId)).toEqual([second.user.id]);
  });

  it('emits what is still buffered when the gateway shuts down', async () => {
    // A flush interval far beyond the test: only the shutdown can emit this record.
    const closing = await startTestService(gatewayService, {
      env: {
        USAGE_FLUSH_INTERVAL_MS: '600000',
        TRANSPORT_PREFIX: gateway.config.TRANSPORT_PREFIX,
      },
    });
    let owner: Session;
    try {
      owner = await registerOrg(closing, 'closing');
      expect((await call(closing, 'GET', '/api/v1/org', { token: owner.accessToken })).status).toBe(
        200,
      );
      expect(recordsOf(owner.organization.id)).toEqual([]);
    } finally {
      await closing.close();
    }

    const records = await recordsUntil(
      owner.organization.id,
      (record) => record.endpoint === 'GET /api/v1/org',
      'the record flushed at shutdown',
    );
    expect(records).toHaveLength(1);
  });
});
