import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import {
  connectTestClient,
  type DisposableRedis,
  startDisposableRedis,
  startTestServer,
  testPrefix,
  waitUntil,
} from '../src/testing';
import type { RedisStreamsClient, RedisStreamsServer } from '../src';

/**
 * What one request costs Redis, counted on a redis-server of this file's own (nobody else's
 * commands mixed in): commands as MONITOR sees them (top level, and those run inside scripts)
 * and round trips as the socket reads Redis processed. Counts, not times: they do not depend
 * on how busy the machine is.
 */
interface RequestCost {
  readonly commands: number;
  readonly scriptedCommands: number;
  readonly roundTrips: number;
}

const END = 'request-cost-end';

function costOf(
  seen: ReadonlyArray<{ command: string; scripted: boolean }>,
  requests: number,
  reads: number,
): RequestCost {
  return {
    commands: seen.filter(({ scripted }) => !scripted).length / requests,
    scriptedCommands: seen.filter(({ scripted }) => scripted).length / requests,
    roundTrips: reads / requests,
  };
}

async function readsProcessed(redis: Redis): Promise<number> {
  const stats = await redis.info('stats');
  return Number(/total_reads_processed:(\d+)/.exec(stats)?.[1] ?? NaN);
}

describe('the cost of one request in Redis commands and round trips', () => {
  const prefix = testPrefix();
  let redis: DisposableRedis;
  let admin: Redis;
  let server: RedisStreamsServer;
  let client: RedisStreamsClient;

  /** Fails unless the answer is this request's own: replies travel batched. */
  const echo = async (n: number): Promise<void> => {
    const reply = await firstValueFrom(client.send('cost.echo.1', { n, value: 42 }));
    expect(reply).toEqual({ n, value: 42 });
  };

  async function measure(requests: number, inFlight: number): Promise<RequestCost> {
    const monitor = await admin.monitor();
    const seen: Array<{ command: string; scripted: boolean }> = [];
    let ended = false;
    monitor.on('monitor', (_time: string, args: string[], source: string) => {
      if (args[0] === 'echo' && args[1] === END) ended = true;
      else
        seen.push({ command: String(args[0]).toUpperCase(), scripted: source.startsWith('lua') });
    });
    try {
      const before = await readsProcessed(admin);
      let started = 0;
      await Promise.all(
        Array.from({ length: inFlight }, async () => {
          while (started < requests) await echo(started++);
        }),
      );
      const after = await readsProcessed(admin);
      // MONITOR streams what ran after the fact: a marker tells when all of it has arrived.
      await admin.echo(END);
      await waitUntil(() => ended, 'the end marker');
      return costOf(
        seen.filter(({ command }) => command !== 'INFO'),
        requests,
        // The INFO call that reads the counter after is one read of its own.
        after - before - 1,
      );
    } finally {
      monitor.disconnect();
    }
  }

  beforeAll(async () => {
    redis = await startDisposableRedis();
    admin = new Redis(redis.url);
    // Claims, heartbeats and trims would add their own commands during the count.
    server = await startTestServer(
      {
        service: 'cost',
        prefix,
        redisUrl: redis.url,
        claimIdleMs: 600_000,
        trimIntervalMs: 600_000,
      },
      [{ pattern: 'cost.echo.1', handler: (data: { n: number }) => data }],
    );
    client = await connectTestClient({ service: 'cost', prefix, redisUrl: redis.url });
    // Groups made, scripts loaded: what stays is the steady cost.
    for (let n = 0; n < 20; n++) await echo(n);
  });

  afterAll(async () => {
    await client?.close();
    await server?.close();
    admin?.disconnect();
    await redis?.stop();
  });

  it('one request at a time: at most 8 commands and 5 round trips', async () => {
    const cost = await measure(40, 1);

    expect(cost.commands).toBeLessThanOrEqual(8);
    expect(cost.roundTrips).toBeLessThanOrEqual(5);
  });

  it('64 in flight: reads, begins, replies and finishes shared by a batch, at most 2 commands per request and 6 counting those in scripts', async () => {
    const cost = await measure(640, 64);

    expect(cost.commands).toBeLessThanOrEqual(2);
    expect(cost.commands + cost.scriptedCommands).toBeLessThanOrEqual(6);
  });
});
