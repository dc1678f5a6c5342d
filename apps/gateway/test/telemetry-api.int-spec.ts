import { TELEMETRY_SAMPLES_INGEST_PATTERN, TELEMETRY_SERIES_PATTERNS } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, type Gateway, type Session } from './support/gateway-api';
import {
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const SERIES_ID = 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f';

/**
 * The telemetry service as far as the gateway can tell: it answers the telemetry patterns
 * with a canned reply and records what it received (the service itself is tested over the
 * transport in apps/telemetry/test).
 */
const TELEMETRY_STAND_IN: StandInOptions = {
  service: 'telemetry',
  patterns: [TELEMETRY_SAMPLES_INGEST_PATTERN, ...Object.values(TELEMETRY_SERIES_PATTERNS)],
};

describe('telemetry API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let ingestKey: string;
  let readKey: string;
  let received: Received[];

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      standIn: TELEMETRY_STAND_IN,
      members: ['viewer'],
      apiKeyScopes: ['ingest', 'read'],
    });
    ({ gateway, standIn, received, owner } = api);
    viewer = api.members.viewer;
    ingestKey = api.apiKeys.ingest;
    readKey = api.apiKeys.read;
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it('forwards a sample batch from an ingest key with its Idempotency-Key, answering 202', async () => {
    const samples = [
      { series: 'checkout.latency_ms', timestamp: '2026-11-23T10:00:00Z', value: 12 },
    ];

    const response = await call(gateway, 'POST', '/api/v1/telemetry/samples', {
      apiKey: ingestKey,
      body: { samples },
      headers: { 'idempotency-key': 'batch-0001-abcd' },
    });

    expect(response.status).toBe(202);
    expect(received).toEqual([
      {
        pattern: TELEMETRY_SAMPLES_INGEST_PATTERN,
        payload: { samples, idempotencyKey: 'batch-0001-abcd' },
        envelope: expect.objectContaining({ orgId: owner.organization.id }),
      },
    ]);
  });

  it('lets neither viewers nor read keys push samples', async () => {
    const body = { samples: [{ series: 'x', timestamp: 1, value: 1 }] };

    const responses = await Promise.all([
      call(gateway, 'POST', '/api/v1/telemetry/samples', { token: viewer.accessToken, body }),
      call(gateway, 'POST', '/api/v1/telemetry/samples', { apiKey: readKey, body }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([403, 403]);
    expect(received).toEqual([]);
  });

  it('refuses an empty batch and a bad Idempotency-Key at the gateway', async () => {
    const responses = await Promise.all([
      call(gateway, 'POST', '/api/v1/telemetry/samples', {
        apiKey: ingestKey,
        body: { samples: [] },
      }),
      call(gateway, 'POST', '/api/v1/telemetry/samples', {
        apiKey: ingestKey,
        body: { samples: [{}] },
        headers: { 'idempotency-key': 'short' },
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([400, 400]);
    expect(received).toEqual([]);
  });

  it('forwards a points read with its query to viewers and read keys', async () => {
    const query = 'from=2026-11-23T00:00:00Z&step=5m&aggregation=max';

    const responses = await Promise.all([
      call(gateway, 'GET', `/api/v1/telemetry/series/${SERIES_ID}/points?${query}`, {
        apiKey: readKey,
      }),
      call(gateway, 'GET', `/api/v1/telemetry/series/traffic:shop.checkout/points?${query}`, {
        token: viewer.accessToken,
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(
      received
        .map((entry) => entry.payload)
        .sort((a, b) => String(a['id']).localeCompare(String(b['id']))),
    ).toEqual([
      { id: SERIES_ID, from: '2026-11-23T00:00:00Z', step: '5m', aggregation: 'max' },
      { id: 'traffic:shop.checkout', from: '2026-11-23T00:00:00Z', step: '5m', aggregation: 'max' },
    ]);
  });

  it('answers 404 for ids that cannot be series and 400 for a bad step, without calling telemetry', async () => {
    const responses = await Promise.all([
      call(gateway, 'GET', '/api/v1/telemetry/series/rad_3kT9wQ1mZp8Lx2Vb7Nc4', {
        apiKey: readKey,
      }),
      call(gateway, 'GET', '/api/v1/telemetry/series/ser_short/quality', { apiKey: readKey }),
      call(gateway, 'GET', `/api/v1/telemetry/series/${SERIES_ID}/points?step=5x`, {
        apiKey: readKey,
      }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([404, 404, 400]);
    expect(received).toEqual([]);
  });

  it('forwards the quality list with `flagged` as a boolean', async () => {
    const response = await call(
      gateway,
      'GET',
      '/api/v1/telemetry/quality?flagged=true&window=6h',
      {
        token: viewer.accessToken,
      },
    );

    expect(response.status).toBe(200);
    expect(received).toEqual([
      expect.objectContaining({
        pattern: TELEMETRY_SERIES_PATTERNS.qualityList,
        payload: { flagged: true, window: '6h' },
      }),
    ]);
  });
});
