import { firstValueFrom } from 'rxjs';
import { pingPattern, PingReply } from '@vantage/contracts';
import { RedisStreamsClient } from '@vantage/transport';
import { BaseServiceConfig } from '../config/base-service.config';
import { ServiceDefinition } from '../bootstrap/create-service-app';
import { startTestService, TestService } from './start-test-service';

/**
 * What every Vantage app must do from its first day (health, metrics, the transport), as one
 * suite each app runs against its own definition, booted on real Redis and MongoDB.
 */
export function describeServiceBasics<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
): void {
  describe(`${definition.service} service basics`, () => {
    let service: TestService;

    beforeAll(async () => {
      service = await startTestService(definition);
    });

    afterAll(async () => {
      await service?.close();
    });

    it('answers liveness', async () => {
      const response = await service.fetch('/health/live');

      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ status: 'ok' });
    });

    it('is ready when Redis and MongoDB are up', async () => {
      const response = await service.fetch('/health/ready');

      expect(response.status).toBe(200);
      expect(await response.json()).toMatchObject({
        status: 'ok',
        details: { redis: { status: 'up' }, mongo: { status: 'up' } },
      });
    });

    it('exposes HTTP request durations by route on /metrics', async () => {
      await service.fetch('/health/live');

      const metrics = await (await service.fetch('/metrics')).text();

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
