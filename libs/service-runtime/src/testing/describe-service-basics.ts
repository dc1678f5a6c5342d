import { firstValueFrom } from 'rxjs';
import { pingPattern, PingReply, ServiceName } from '@vantage/contracts';
import { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import { BaseServiceConfig } from '../config/base-service.config';
import { ServiceDefinition } from '../bootstrap/create-service-app';
import { startTestService, TestService } from './start-test-service';

export interface ServiceBasicsOptions {
  /**
   * Services this one must reach to be ready (the gateway: every service behind it). The suite
   * runs a stand-in for each that answers only its ping, on the service's transport prefix, and
   * expects readiness to report each of them up.
   */
  readonly readinessPeers?: readonly ServiceName[];
}

/**
 * What every Vantage app must do from its first day (health, metrics, the transport), as one
 * suite each app runs against its own definition, booted on real Redis and MongoDB.
 */
export function describeServiceBasics<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  options: ServiceBasicsOptions = {},
): void {
  const peers = options.readinessPeers ?? [];

  describe(`${definition.service} service basics`, () => {
    let service: TestService;
    let standIns: RedisStreamsServer[] = [];

    beforeAll(async () => {
      service = await startTestService(definition);
      standIns = await Promise.all(peers.map((peer) => startPingStandIn(service, peer)));
    });

    afterAll(async () => {
      await Promise.all(standIns.map((standIn) => standIn.close()));
      await service?.close();
    });

    it('answers no probe and no metrics on its public port', async () => {
      for (const path of [
        '/health/live',
        '/health/ready',
        '/metrics',
        '/metrics?x=1',
        '/health/',
      ]) {
        const response = await service.fetch(path);

        expect([path, response.status]).toEqual([path, 404]);
      }
    });

    it('answers liveness on its ops port', async () => {
      const response = await service.opsFetch('/health/live');

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    const readyWhen = peers.length > 0 ? `, and ${peers.join(', ')} answer` : '';
    it(`is ready when Redis and MongoDB are up${readyWhen}`, async () => {
      const response = await service.opsFetch('/health/ready');

      expect(response.status).toBe(200);
      const peersUp = Object.fromEntries(peers.map((peer) => [peer, { status: 'up' }]));
      expect(await response.json()).toMatchObject({
        status: 'ok',
        details: { redis: { status: 'up' }, mongo: { status: 'up' }, ...peersUp },
      });
    });

    it('exposes HTTP request durations by route on /metrics', async () => {
      await service.opsFetch('/health/live');

      const metrics = await (await service.opsFetch('/metrics')).text();

      expect(metrics).toContain(
        'vantage_http_request_duration_seconds_count{method="GET",route="/health/live",status="200"}',
      );
    });

    it('answers the ping message over the transport', async () => {
      const client = new RedisStreamsClient({
        redisUrl: service.config.REDIS_URL,
        service: definition.service,
        prefix: service.config.TRANSPORT_PREFIX,
      });
      try {
        const reply = await firstValueFrom(
          client.send<PingReply>(pingPattern(definition.service), {}),
        );

        expect(reply).toMatchObject({ service: definition.service, instance: expect.any(String) });
      } finally {
        await client.close();
      }
    });
  });
}

/** A replica of `peer` that answers nothing but its ping, as the real service would. */
function startPingStandIn(service: TestService, peer: ServiceName): Promise<RedisStreamsServer> {
  const reply: PingReply = { service: peer, instance: `${peer}-stand-in`, uptimeSeconds: 0 };
  return startTestServer(
    { service: peer, prefix: service.config.TRANSPORT_PREFIX, redisUrl: service.config.REDIS_URL },
    [{ pattern: pingPattern(peer), handler: () => reply }],
  );
}
