import { TRAFFIC_INGEST_PATTERN, RAD_SET_PATTERNS } from '@vantage/contracts';
import { type DisposableRedis, startDisposableRedis } from '@vantage/transport/testing';
import { call, createApiKey } from './support/gateway-api';
import { type GatewayWithStandIn, startGatewayWithStandIn } from './support/gateway-with-stand-in';

const PROBLEM_JSON = 'application/problem+json';

describe('the gateway while Redis refuses writes (maxmemory reached, noeviction)', () => {
  let full: DisposableRedis;
  let setup: GatewayWithStandIn<never, 'ingest'>;

  beforeAll(async () => {
    // A Redis of this file's own: filling the shared one would fail every other test file.
    full = await startDisposableRedis();
    setup = await startGatewayWithStandIn({
      env: { REDIS_URL: full.url },
      standIn: {
        service: 'traffic-monitor',
        patterns: [RAD_SET_PATTERNS.list, TRAFFIC_INGEST_PATTERN],
      },
      apiKeyScopes: ['ingest'],
    });
  }, 60_000);

  afterAll(async () => {
    await setup?.standIn.close();
    await setup?.gateway.close();
    await full?.stop();
  });

  it('answers routed calls and event-publishing calls 503 problem+json with Retry-After', async () => {
    const { gateway, owner, apiKeys } = setup;
    const doomedKey = await createApiKey(gateway, owner, ['read']);
    // Revoking publishes the revocation to every gateway replica: an event append.
    const revoke = () =>
      call(gateway, 'DELETE', `/api/v1/api-keys/${doomedKey.id}`, { token: owner.accessToken });
    const list = () => call(gateway, 'GET', '/api/v1/rad-sets', { token: owner.accessToken });
    const ingest = () =>
      call(gateway, 'POST', '/api/v1/traffic/events', {
        apiKey: apiKeys.ingest,
        body: { events: [{ eventId: 'checkout.completed', timestamp: Date.now() }] },
      });
    expect((await list()).status).toBe(200);

    await full.fill();
    const refused = [await list(), await ingest(), await revoke()];

    for (const response of refused) {
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.body).toMatchObject({ status: 503 });
      expect(JSON.stringify(response.body)).not.toMatch(/OOM|maxmemory/);
    }
  });
});
