import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient } from '../src';
import { startTestServer, testPrefix, testRedisUrl } from '../src/testing';

describe('a client lent the caller’s own auto-pipelined connection', () => {
  const prefix = testPrefix();

  it('sends on it, answers replies, and leaves it open when closed', async () => {
    const server = await startTestServer({ service: 'lent', prefix }, [
      { pattern: 'lent.echo.1', handler: (data: { n: number }) => ({ n: data.n }) },
    ]);
    const shared = new Redis(testRedisUrl(), { enableAutoPipelining: true });
    const client = new RedisStreamsClient({
      redisUrl: testRedisUrl(),
      prefix,
      service: 'lent',
      connection: shared,
    });
    try {
      await expect(firstValueFrom(client.send('lent.echo.1', { n: 3 }))).resolves.toEqual({ n: 3 });
      expect(client.unwrap<Redis>()).toBe(shared);

      await client.close();

      expect(shared.status).toBe('ready');
      await expect(shared.ping()).resolves.toBe('PONG');
    } finally {
      await client.close();
      await server.close();
      shared.disconnect();
    }
  });
});
