import { pingPattern, PingReply } from '@vantage/contracts';
import { startTestService, TestService } from '@vantage/service-runtime/testing';
import { RedisStreamsClient } from '@vantage/transport';
import { firstValueFrom } from 'rxjs';
import { telemetryService } from '../src/service-definition';

describe('telemetry service', () => {
  let service: TestService;

  beforeAll(async () => {
    service = await startTestService(telemetryService);
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
      service: 'telemetry',
      prefix: service.config.TRANSPORT_PREFIX,
    });
    try {
      const reply = await firstValueFrom(client.send<PingReply>(pingPattern('telemetry'), {}));

      expect(reply).toMatchObject({ service: 'telemetry', instance: expect.any(String) });
    } finally {
      await client.close();
    }
  });
});
