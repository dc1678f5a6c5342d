import { HealthIndicatorService } from '@nestjs/terminus';
import Redis from 'ioredis';
import { RedisHealthIndicator } from './redis-health.indicator';
import { freePort as closedPort } from '../testing/free-port';

function redisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url)
    throw new Error('REDIS_URL is not set: run tests through jest (global setup) or set it');
  return url;
}

describe('RedisHealthIndicator', () => {
  const indicator = new RedisHealthIndicator(new HealthIndicatorService());
  const clients: Redis[] = [];
  const client = (url: string): Redis => {
    const redis = new Redis(url, {
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      disconnectTimeout: 100,
    });
    redis.on('error', () => undefined);
    clients.push(redis);
    return redis;
  };

  afterAll(() => clients.forEach((redis) => redis.disconnect()));

  it('is up when Redis answers PING', async () => {
    const result = await indicator.pingCheck('redis', { client: client(redisUrl()) });

    expect(result).toEqual({ redis: expect.objectContaining({ status: 'up' }) });
  });

  it('is down within its timeout when Redis is unreachable', async () => {
    const started = Date.now();
    const result = await indicator.pingCheck('redis', {
      client: client(`redis://127.0.0.1:${await closedPort()}`),
      timeoutMs: 500,
    });

    expect(result).toEqual({ redis: expect.objectContaining({ status: 'down' }) });
    expect(Date.now() - started).toBeLessThan(1500);
  });
});
