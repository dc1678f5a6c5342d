// The system as booted by `npm run e2e`: every replica up, both gateways reachable through the
// proxy, and every service seen as up by each gateway.
import { ApiClient } from '../src/client/api-client';
import { ControlClient } from '../src/control-client';
import { systemUnderTest } from '../src/system-under-test';

const sut = systemUnderTest();

describe('the running system', () => {
  it('runs two replicas of every app, all ready', async () => {
    const processes = await ControlClient.fromEnvironment().processes();
    for (const app of ['gateway', 'traffic-monitor', 'telemetry', 'billing', 'reporting']) {
      const replicas = processes.filter((p) => p.name.startsWith(`${app}-`));
      expect(replicas.map((p) => p.running)).toEqual([true, true]);
    }
  });

  it.each(sut.gatewayOpsUrls.map((url, index) => [index, url]))(
    'gateway replica %i sees Redis, MongoDB and every service up (on its ops port)',
    async (_index, url) => {
      const health = await new ApiClient(url).call<{
        status: string;
        info: Record<string, { status: string }>;
      }>('GET', '/health/ready');
      expect(health.status).toBe(200);
      expect(Object.keys(health.body.info)).toEqual(
        expect.arrayContaining([
          'redis',
          'mongo',
          'traffic-monitor',
          'telemetry',
          'billing',
          'reporting',
        ]),
      );
    },
  );

  it('answers through the proxy on fresh connections, whichever replica takes them', async () => {
    const client = new ApiClient(sut.gatewayUrl);
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const response = await client.call('GET', '/docs-json', {
        headers: { connection: 'close' },
      });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
  });

  it('keeps probes and metrics off the public port', async () => {
    const client = new ApiClient(sut.gatewayUrl);
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      expect([path, (await client.call('GET', path)).status]).toEqual([path, 404]);
    }
  });
});
