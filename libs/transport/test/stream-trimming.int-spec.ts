import { firstValueFrom } from 'rxjs';
import {
  RedisStreamsClient,
  RedisStreamsServer,
  commandStreamKey,
  eventStreamKey,
  replyStreamKey,
} from '../src';
import { StreamTrimmer } from '../src/server/stream-trimmer';
import type { RedisClient } from '../src/shared/redis-client';
import {
  connectTestClient,
  keysOnEveryMaster,
  startTestServer,
  testPrefix,
  testRedis,
  waitUntil,
} from '../src/testing';

type Entries = Array<[string, string[]]>;
type GroupRead = Array<[string, Entries]> | null;

/** Reads `count` new entries as `consumer` of `group`, leaving them pending; answers their ids. */
async function readAs(
  redis: RedisClient,
  stream: string,
  group: string,
  consumer: string,
  count: number,
): Promise<string[]> {
  const reply = (await redis.xreadgroup(
    'GROUP',
    group,
    consumer,
    'COUNT',
    count,
    'STREAMS',
    stream,
    '>',
  )) as GroupRead;
  return (reply?.[0]?.[1] ?? []).map(([id]) => id);
}

async function idsOf(redis: RedisClient, stream: string): Promise<string[]> {
  const entries = (await redis.xrange(stream, '-', '+')) as Entries;
  return entries.map(([id]) => id);
}

describe('handled stream entries do not stay in Redis', () => {
  const prefix = testPrefix();
  const redis = testRedis();
  const servers: RedisStreamsServer[] = [];
  const clients: RedisStreamsClient[] = [];

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await Promise.all(servers.map((server) => server.close()));
    redis.disconnect();
  });

  it('deletes each answered request from the command stream and each read reply', async () => {
    servers.push(
      await startTestServer({ service: 'echo', prefix }, [
        {
          pattern: 'echo.1',
          handler: (data: { n: number }) => ({ n: data.n, pad: 'x'.repeat(1000) }),
        },
      ]),
    );
    const client = await connectTestClient({ service: 'echo', prefix });
    clients.push(client);

    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, n) =>
        firstValueFrom(client.send<{ n: number }>('echo.1', { n })),
      ),
    );

    expect(answers.map((answer) => answer.n)).toEqual(Array.from({ length: 50 }, (_, n) => n));
    const commands = commandStreamKey(prefix, 'echo');
    await waitUntil(async () => (await redis.xlen(commands)) === 0, 'an empty command stream');
    const replies = await keysOnEveryMaster(redis, replyStreamKey(prefix, '*'));
    expect(replies.length).toBeGreaterThan(0);
    for (const stream of replies) {
      await waitUntil(async () => (await redis.xlen(stream)) === 0, `an empty ${stream}`);
    }
  });

  it("keeps a request's answer for duplicates only until the request's deadline", async () => {
    servers.push(
      await startTestServer({ service: 'big', prefix, dedupeTtlMs: 600_000 }, [
        { pattern: 'big.1', handler: () => ({ pad: 'x'.repeat(100_000) }) },
      ]),
    );
    const client = await connectTestClient({ service: 'big', prefix, requestTimeoutMs: 2000 });
    clients.push(client);

    await firstValueFrom(client.send('big.1', {}));

    // The reply reaches the client before the handler's finishing script stores the marker.
    let marker: string | undefined;
    await waitUntil(async () => {
      [marker] = await keysOnEveryMaster(redis, `${commandStreamKey(prefix, 'big')}:done:*`);
      return marker !== undefined;
    }, 'the done marker of the answered request');
    // Past the deadline a copy is dropped as expired: only a minute's grace for clock skew.
    expect(await redis.pttl(marker as string)).toBeLessThanOrEqual(2000 + 60_000);
  });

  it('trims acknowledged entries, keeping pending ones and the ones a group has not read', async () => {
    const trimmer = new StreamTrimmer({ redis, tailMs: 0 });

    // One entry pending with a silent consumer, between acknowledged ones.
    const mixed = eventStreamKey(prefix, 'mixed.1');
    await redis.xgroup('CREATE', mixed, 'svc', '$', 'MKSTREAM');
    for (const n of [1, 2, 3, 4]) await redis.xadd(mixed, '*', 'n', String(n));
    const [first, pending, third, fourth] = await readAs(redis, mixed, 'svc', 'alive', 4);
    await redis.xack(mixed, 'svc', first as string, third as string, fourth as string);
    await redis.xclaim(mixed, 'svc', 'dead', 0, pending as string, 'JUSTID');

    // Two groups: one has read everything, the other only the first entry.
    const shared = eventStreamKey(prefix, 'shared.1');
    await redis.xgroup('CREATE', shared, 'fast', '$', 'MKSTREAM');
    await redis.xgroup('CREATE', shared, 'slow', '$');
    for (const n of [1, 2, 3]) await redis.xadd(shared, '*', 'n', String(n));
    const read = await readAs(redis, shared, 'fast', 'f', 3);
    await redis.xack(shared, 'fast', ...read);
    const [slowFirst] = await readAs(redis, shared, 'slow', 's', 1);
    await redis.xack(shared, 'slow', slowFirst as string);

    // Nobody in a group: what broadcast readers follow, kept only for the tail.
    const broadcast = eventStreamKey(prefix, 'broadcast.1');
    for (const n of [1, 2]) await redis.xadd(broadcast, '*', 'n', String(n));

    for (const stream of [mixed, shared, broadcast]) await trimmer.trim(stream);

    expect(await idsOf(redis, mixed)).toEqual([pending, third, fourth]);
    expect(await idsOf(redis, shared)).toEqual(read.slice(1));
    expect(await redis.xlen(broadcast)).toBe(0);
    // The pending entry is still there to be claimed.
    const [, claimed] = (await redis.xautoclaim(mixed, 'svc', 'rescuer', 0, '0-0')) as [
      string,
      Entries,
    ];
    expect(claimed.map(([id]) => id)).toEqual([pending]);
  });

  it('keeps what is younger than the tail', async () => {
    const stream = eventStreamKey(prefix, 'young.1');
    for (const n of [1, 2, 3]) await redis.xadd(stream, '*', 'n', String(n));

    await new StreamTrimmer({ redis, tailMs: 600_000 }).trim(stream);

    expect(await redis.xlen(stream)).toBe(3);
  });

  it('trims handled events by itself while a pending one survives to be reclaimed', async () => {
    const pattern = 'jobs.queued.1';
    const stream = eventStreamKey(prefix, pattern);
    const emitter = await connectTestClient({ service: 'jobs', prefix });
    clients.push(emitter);
    // A replica that read an event and died before acknowledging it.
    await redis.xgroup('CREATE', stream, 'jobs', '$', 'MKSTREAM');
    await firstValueFrom(emitter.emit(pattern, { n: 0, pad: 'x'.repeat(1000) }), {
      defaultValue: undefined,
    });
    expect(await readAs(redis, stream, 'jobs', 'died', 1)).toHaveLength(1);

    const handled: number[] = [];
    servers.push(
      await startTestServer(
        { service: 'jobs', prefix, streamTailMs: 0, trimIntervalMs: 20, claimIdleMs: 1000 },
        [
          {
            pattern,
            handler: (data: { n: number }) => void handled.push(data.n),
            event: true,
          },
        ],
      ),
    );
    for (let n = 1; n <= 30; n++) {
      await firstValueFrom(emitter.emit(pattern, { n, pad: 'x'.repeat(1000) }), {
        defaultValue: undefined,
      });
    }

    await waitUntil(() => handled.length === 31, 'every event handled');
    expect([...handled].sort((a, b) => a - b)).toEqual(Array.from({ length: 31 }, (_, n) => n));
    await waitUntil(async () => (await redis.xlen(stream)) === 0, 'an empty event stream');
  });
});
