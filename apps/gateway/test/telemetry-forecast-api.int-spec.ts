import { TELEMETRY_ANOMALY_PATTERNS, TELEMETRY_FORECAST_PATTERN } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, type Gateway, type Session } from './support/gateway-api';
import {
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const SERIES_ID = 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f';
const ANOMALY_ID = 'tan_3kT9wQ1mZp8Lx2Vb7Nc4';

/** The telemetry service as the gateway sees it: canned answers, and a record of what came. */
const TELEMETRY_STAND_IN: StandInOptions = {
  service: 'telemetry',
  patterns: [TELEMETRY_FORECAST_PATTERN, ...Object.values(TELEMETRY_ANOMALY_PATTERNS)],
};

describe('telemetry forecast and anomaly API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let readKey: string;
  let received: Received[];

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      standIn: TELEMETRY_STAND_IN,
      members: ['viewer'],
      apiKeyScopes: ['read'],
    });
    ({ gateway, standIn, received, owner } = api);
    viewer = api.members.viewer;
    readKey = api.apiKeys.read;
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  it('forwards a forecast request with its horizon and levels, as an expensive route', async () => {
    const accepted = await call(
      gateway,
      'GET',
      `/api/v1/telemetry/series/${SERIES_ID}/forecast?horizon=48&level=80,95`,
      { apiKey: readKey },
    );
    expect(accepted.status).toBe(200);
    expect(accepted.headers.get('x-ratelimit-limit')).toBe(
      String(gateway.config.RATE_LIMIT_EXPENSIVE_PER_MINUTE),
    );
    expect(received).toEqual([
      {
        pattern: TELEMETRY_FORECAST_PATTERN,
        payload: { seriesId: SERIES_ID, horizon: 48, levels: [80, 95] },
        envelope: expect.objectContaining({ orgId: owner.organization.id }),
      },
    ]);
  });

  it('refuses a bad horizon, a bad level, an unknown parameter and a malformed series id before forwarding', async () => {
    const base = `/api/v1/telemetry/series/${SERIES_ID}/forecast`;
    const responses = await Promise.all([
      call(gateway, 'GET', `${base}?horizon=0`, { apiKey: readKey }),
      call(gateway, 'GET', `${base}?horizon=501`, { apiKey: readKey }),
      call(gateway, 'GET', `${base}?level=90`, { apiKey: readKey }),
      call(gateway, 'GET', `${base}?levels=80`, { apiKey: readKey }),
      call(gateway, 'GET', '/api/v1/telemetry/series/nope/forecast', { apiKey: readKey }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([400, 400, 400, 400, 404]);
    expect(received).toEqual([]);
  });

  it('forwards anomaly filters, and lets analysts but not viewers acknowledge', async () => {
    const list = await call(
      gateway,
      'GET',
      `/api/v1/telemetry/anomalies?seriesId=${SERIES_ID}&status=open&minScore=0.5`,
      { token: viewer.accessToken },
    );
    const forbidden = await call(
      gateway,
      'POST',
      `/api/v1/telemetry/anomalies/${ANOMALY_ID}/acknowledge`,
      { token: viewer.accessToken },
    );
    const acked = await call(
      gateway,
      'POST',
      `/api/v1/telemetry/anomalies/${ANOMALY_ID}/acknowledge`,
      { token: owner.accessToken },
    );
    const unknown = await call(gateway, 'GET', '/api/v1/telemetry/anomalies/alt_nope', {
      apiKey: readKey,
    });

    expect([list.status, forbidden.status, acked.status, unknown.status]).toEqual([
      200, 403, 200, 404,
    ]);
    expect(received.map(({ pattern, payload }) => ({ pattern, payload }))).toEqual([
      {
        pattern: TELEMETRY_ANOMALY_PATTERNS.list,
        payload: { seriesId: SERIES_ID, status: ['open'], minScore: 0.5 },
      },
      { pattern: TELEMETRY_ANOMALY_PATTERNS.acknowledge, payload: { id: ANOMALY_ID } },
    ]);
  });
});
