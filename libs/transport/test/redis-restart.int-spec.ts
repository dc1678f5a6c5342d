import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Redis from 'ioredis';
import { freePort } from '@vantage/observability/testing';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient, RedisStreamsContext, RedisStreamsServer } from '../src';
import { connectTestClient, startTestServer, testPrefix, waitUntil } from '../src/testing';

/** A Redis of this test's own that fsyncs every write, as production streams need. */
async function startDurableRedis(port: number, dir: string): Promise<ChildProcess> {
  const server = spawn(
    process.env['REDIS_SERVER_BIN'] ?? 'redis-server',
    [
      '--port',
      String(port),
      '--bind',
      '127.0.0.1',
      '--dir',
      dir,
      '--appendonly',
      'yes',
      '--appendfsync',
      'always',
      '--save',
      '',
    ],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
  await waitUntil(
    async () => (await probe.ping().catch(() => '')) === 'PONG',
    'redis to start',
    10_000,
  );
  probe.disconnect();
  return server;
}

describe('Redis restarted under load', () => {
  const prefix = testPrefix();
  const dir = mkdtempSync(path.join(tmpdir(), 'vantage-redis-restart-'));
  let port: number;
  let redis: ChildProcess;
  const servers: RedisStreamsServer[] = [];
  let client: RedisStreamsClient;
  const invocations = new Map<string, number>();
  const redeliveries: string[] = [];

  beforeAll(async () => {
    port = await freePort();
    redis = await startDurableRedis(port, dir);
    const redisUrl = `redis://127.0.0.1:${port}`;
    const placed = (data: { id: string }, context: RedisStreamsContext) => {
      invocations.set(data.id, (invocations.get(data.id) ?? 0) + 1);
      if (context.getDeliveryCount() > 1) redeliveries.push(data.id);
    };
    for (let replica = 0; replica < 2; replica++) {
      servers.push(
        await startTestServer({ service: 'orders', prefix, redisUrl }, [
          { pattern: 'orders.placed.1', handler: placed, event: true },
          { pattern: 'orders.quote.1', handler: (data: { n: number }) => ({ total: data.n * 3 }) },
        ]),
      );
    }
    client = await connectTestClient({
      service: 'orders',
      prefix,
      redisUrl,
      requestTimeoutMs: 10_000,
    });
  });

  afterAll(async () => {
    await client.close();
    await Promise.all(servers.map((server) => server.close()));
    redis.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  it('loses no acknowledged message, and everyone reconnects by itself', async () => {
    const acknowledged: string[] = [];
    const failedEmits: string[] = [];
    const quotes: Array<Promise<'ok' | 'wrong' | 'failed'>> = [];
    const emits: Array<Promise<unknown>> = [];
    let crashed = false;
    const started = Date.now();

    for (let i = 0; Date.now() - started < 5000; i++) {
      if (!crashed && Date.now() - started > 1500) {
        crashed = true;
        redis.kill('SIGKILL');
        // Back after a second, from its append-only file, on the same port.
        setTimeout(() => void startDurableRedis(port, dir).then((next) => (redis = next)), 1000);
      }
      const id = `o${i}`;
      emits.push(
        firstValueFrom(client.emit('orders.placed.1', { id }), { defaultValue: undefined }).then(
          () => acknowledged.push(id),
          () => failedEmits.push(id),
        ),
      );
      quotes.push(
        firstValueFrom(client.send<{ total: number }>('orders.quote.1', { n: i })).then(
          (reply) => (reply.total === i * 3 ? 'ok' : 'wrong'),
          () => 'failed',
        ),
      );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }

    await Promise.all(emits);
    const outcomes = await Promise.all(quotes);
    await waitUntil(
      () => acknowledged.every((id) => (invocations.get(id) ?? 0) >= 1),
      'acknowledged events',
      30_000,
    );
    const afterRestart = await firstValueFrom(
      client.send<{ total: number }>('orders.quote.1', { n: 1000 }),
    );
    const duplicates = [...invocations.values()].filter((count) => count > 1).length;
    console.log(
      `redis restart: ${acknowledged.length} events acknowledged, ${failedEmits.length} rejected, ` +
        `${redeliveries.length} redelivered, ${duplicates} run twice (handlers dedupe by messageId); ` +
        `requests ok=${outcomes.filter((o) => o === 'ok').length} failed=${outcomes.filter((o) => o === 'failed').length}`,
    );

    expect(crashed).toBe(true);
    expect(acknowledged.length).toBeGreaterThan(100);
    expect(acknowledged.filter((id) => !invocations.has(id))).toEqual([]);
    expect(outcomes.filter((o) => o === 'wrong')).toEqual([]);
    expect(afterRestart).toEqual({ total: 3000 });
  });
});
