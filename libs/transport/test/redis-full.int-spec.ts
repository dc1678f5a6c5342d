import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { ErrorCode, type ErrorPayload } from '@vantage/contracts';
import { RedisStreamsClient, RedisStreamsServer, toErrorPayload } from '../src';
import { StreamTrimmer } from '../src/server/stream-trimmer';
import {
  connectTestClient,
  type DisposableRedis,
  startDisposableRedis,
  startTestServer,
  testPrefix,
} from '../src/testing';

/** What Redis refusing a write looks like to the code that tried it. */
async function refusedWrite(write: () => Promise<unknown>): Promise<unknown> {
  return write().then(
    () => {
      throw new Error('Redis accepted a write while full');
    },
    (error: unknown) => error,
  );
}

describe('a Redis that refuses writes (maxmemory reached, noeviction)', () => {
  const prefix = testPrefix();
  let full: DisposableRedis;
  let redis: Redis;

  beforeAll(async () => {
    full = await startDisposableRedis();
    redis = new Redis(full.url);
    await full.fill();
  });

  afterAll(async () => {
    redis?.disconnect();
    await full?.stop();
  });

  it('answers a request at once with 503 UNAVAILABLE and a retry hint', async () => {
    const client = await connectTestClient({ service: 'ledger', prefix, redisUrl: full.url });
    try {
      const failure = await firstValueFrom(client.send('ledger.credit.1', { amount: 1 })).then(
        () => undefined,
        (error: { payload?: ErrorPayload }) => error.payload,
      );

      expect(failure).toMatchObject({ code: ErrorCode.Unavailable, status: 503 });
      expect(failure?.retryAfterSeconds).toBeGreaterThan(0);
      expect(failure?.message).not.toMatch(/OOM|maxmemory/);
    } finally {
      await client.close();
    }
  });

  it('maps a refused command, script or transaction in a handler to 503 UNAVAILABLE', async () => {
    const refusals = [
      await refusedWrite(() => redis.set('k', 'v')),
      await refusedWrite(() => redis.eval("return redis.call('SET', KEYS[1], 'v')", 1, 'k')),
      await refusedWrite(() => redis.multi().set('k', 'v').xadd('s', '*', 'f', 'v').exec()),
    ];

    for (const refusal of refusals) {
      expect(toErrorPayload(refusal, 'ledger')).toMatchObject({
        code: ErrorCode.Unavailable,
        status: 503,
        retryAfterSeconds: expect.any(Number),
      });
    }
  });

  it('still trims handled entries, which is how a full Redis gets room again', async () => {
    const stream = `${prefix}:{evt:handled.1}`;
    await redis.config('SET', 'maxmemory', '0');
    for (let n = 0; n < 20; n++) await redis.xadd(stream, '*', 'body', 'x'.repeat(10_000));
    await full.fill();

    expect(await new StreamTrimmer({ redis, tailMs: 0 }).trim(stream)).toBe(20);
  });

  it('answers a request whose handler finds Redis full with 503', async () => {
    // The transport on the shared Redis, the handler's own data on the full one.
    const server: RedisStreamsServer = await startTestServer({ service: 'cache', prefix }, [
      { pattern: 'cache.put.1', handler: () => redis.set('cached', 'value') },
    ]);
    const client: RedisStreamsClient = await connectTestClient({ service: 'cache', prefix });
    try {
      const failure = await firstValueFrom(client.send('cache.put.1', {})).then(
        () => undefined,
        (error: { payload?: ErrorPayload }) => error.payload,
      );

      expect(failure).toMatchObject({ code: ErrorCode.Unavailable, status: 503 });
    } finally {
      await client.close();
      await server.close();
    }
  });
});
