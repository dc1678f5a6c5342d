import { TELEMETRY_HEALTH_SCORE_PATTERNS, TELEMETRY_SLO_PATTERNS } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { call, type Gateway, type Session } from './support/gateway-api';
import {
  type Received,
  type StandInOptions,
  startGatewayWithStandIn,
} from './support/gateway-with-stand-in';

const SLO_ID = 'slo_4fGh7Jk2Lm9Np3Qr5St8';

/** The telemetry service's SLO and health-score patterns, answered by a recording stand-in. */
const TELEMETRY_STAND_IN: StandInOptions = {
  service: 'telemetry',
  patterns: [
    ...Object.values(TELEMETRY_SLO_PATTERNS),
    ...Object.values(TELEMETRY_HEALTH_SCORE_PATTERNS),
  ],
};

describe('SLO and health-score API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let viewer: Session;
  let readKey: string;
  let received: Received[];
  const sloBody = { name: 'Checkout', service: 'checkout', kind: 'availability', target: 0.999 };

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

  it('lets viewers and read keys read SLO status and health scores', async () => {
    const responses = await Promise.all([
      call(gateway, 'GET', `/api/v1/telemetry/slos/${SLO_ID}/status`, {
        token: viewer.accessToken,
      }),
      call(gateway, 'GET', '/api/v1/telemetry/health-scores/gateway', { apiKey: readKey }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([200, 200]);
    expect(received).toEqual(
      expect.arrayContaining([
        {
          pattern: TELEMETRY_SLO_PATTERNS.status,
          payload: { id: SLO_ID },
          envelope: expect.objectContaining({ orgId: owner.organization.id }),
        },
        {
          pattern: TELEMETRY_HEALTH_SCORE_PATTERNS.get,
          payload: { service: 'gateway' },
          envelope: expect.objectContaining({ orgId: owner.organization.id }),
        },
      ]),
    );
  });

  it('takes an admin to define an SLO', async () => {
    const refused = await Promise.all([
      call(gateway, 'POST', '/api/v1/telemetry/slos', { token: viewer.accessToken, body: sloBody }),
      call(gateway, 'POST', '/api/v1/telemetry/slos', { apiKey: readKey, body: sloBody }),
    ]);
    expect(refused.map((response) => response.status)).toEqual([403, 403]);
    expect(received).toEqual([]);

    const created = await call(gateway, 'POST', '/api/v1/telemetry/slos', {
      token: owner.accessToken,
      body: sloBody,
    });
    expect(created.status).toBe(201);
    expect(received).toEqual([
      expect.objectContaining({ pattern: TELEMETRY_SLO_PATTERNS.create, payload: sloBody }),
    ]);
  });

  it('answers a malformed SLO with 400 and an impossible id with 404, forwarding neither', async () => {
    const responses = await Promise.all([
      call(gateway, 'POST', '/api/v1/telemetry/slos', {
        token: owner.accessToken,
        body: { ...sloBody, target: 0.5 },
      }),
      call(gateway, 'GET', '/api/v1/telemetry/slos/not-an-slo', { token: owner.accessToken }),
    ]);

    expect(responses.map((response) => response.status)).toEqual([400, 404]);
    expect(received).toEqual([]);
  });
});
