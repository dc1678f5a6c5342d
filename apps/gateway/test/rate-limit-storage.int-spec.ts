import type { RedisClient } from '@vantage/transport';
import { freePort } from '@vantage/observability/testing';
import {
  keysOnEveryMaster,
  testPrefix,
  testRedis,
  testRedisUrl,
  waitUntil,
} from '@vantage/transport/testing';
import { fixedWindowKeys } from '../src/rate-limit/fixed-window.script';
import {
  RedisThrottlerStorage,
  ThrottlerStorageRecord,
} from '../src/rate-limit/redis-throttler.storage';

const MINUTE = 60_000;

describe('the Redis rate-limit storage', () => {
  const prefix = testPrefix();
  const opened: RedisThrottlerStorage[] = [];
  let redis: RedisClient;

  async function storage(storagePrefix = prefix): Promise<RedisThrottlerStorage> {
    const store = new RedisThrottlerStorage({ redisUrl: testRedisUrl(), prefix: storagePrefix });
    opened.push(store);
    expect(await store.ready(5000)).toBe(true);
    return store;
  }

  let keyCount = 0;
  const freshKey = (): string => `tier:org:test_${++keyCount}`;

  beforeAll(() => {
    redis = testRedis();
  });

  afterAll(async () => {
    await Promise.all(opened.map((store) => store.close()));
    await redis.quit();
  });

  it('counts concurrent requests from two replicas exactly: N pass, every later one is refused', async () => {
    const [replicaA, replicaB] = [await storage(), await storage()];
    const key = freshKey();
    const limit = 150;

    const records = await Promise.all(
      Array.from({ length: 400 }, (_, i) =>
        (i % 2 === 0 ? replicaA : replicaB).increment(key, MINUTE, limit, 0, 'tier'),
      ),
    );

    expect(records.filter((record) => !record.isBlocked)).toHaveLength(limit);
    // Every request saw its own count: no two increments read the same value.
    const counts = records.map((record) => record.totalHits).sort((a, b) => a - b);
    expect(counts).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    const allowedCounts = records.filter((r) => !r.isBlocked).map((r) => r.totalHits);
    expect(Math.max(...allowedCounts)).toBe(limit);
  });

  it('reports the time left in the window and refuses until it ends', async () => {
    const store = await storage();
    const key = freshKey();

    const first = await store.increment(key, MINUTE, 1, 0, 'tier');
    const second = await store.increment(key, MINUTE, 1, 0, 'tier');

    expect(first).toEqual<ThrottlerStorageRecord>({
      totalHits: 1,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
    expect(second.isBlocked).toBe(true);
    expect(second.totalHits).toBe(2);
    expect(second.timeToBlockExpire).toBeGreaterThanOrEqual(1);
    expect(second.timeToBlockExpire).toBeLessThanOrEqual(60);
    expect(second.timeToBlockExpire).toBe(second.timeToExpire);
  });

  it('starts a fresh allowance once the window has ended', async () => {
    const store = await storage();
    const key = freshKey();
    const [counterKey] = fixedWindowKeys(prefix, key);

    await store.increment(key, 300, 1, 0, 'tier');
    expect((await store.increment(key, 300, 1, 0, 'tier')).isBlocked).toBe(true);
    await waitUntil(async () => (await redis.exists(counterKey)) === 0, 'the window to end');

    const next = await store.increment(key, 300, 1, 0, 'tier');
    expect(next.isBlocked).toBe(false);
    expect(next.totalHits).toBe(1);
  });

  it('holds a block longer than the window after the window has ended', async () => {
    const store = await storage();
    const key = freshKey();
    const [counterKey] = fixedWindowKeys(prefix, key);

    await store.increment(key, 300, 1, MINUTE, 'tier');
    const refused = await store.increment(key, 300, 1, MINUTE, 'tier');
    expect(refused).toMatchObject({ isBlocked: true, timeToBlockExpire: 60 });
    await waitUntil(async () => (await redis.exists(counterKey)) === 0, 'the window to end');

    const stillRefused = await store.increment(key, 300, 1, MINUTE, 'tier');
    expect(stillRefused.isBlocked).toBe(true);
    expect(stillRefused.timeToBlockExpire).toBeGreaterThan(50);
  });

  it('keeps its keys under the deployment prefix, a counter and its block in one hash slot', async () => {
    const store = await storage();
    const key = freshKey();
    await store.increment(key, MINUTE, 1, 2 * MINUTE, 'tier');
    await store.increment(key, MINUTE, 1, 2 * MINUTE, 'tier');

    const keys = (await keysOnEveryMaster(redis, `${prefix}:*${key}*`)).sort();
    expect(keys).toEqual([`${prefix}:{gw:rl:${key}}:block`, `${prefix}:{gw:rl:${key}}:hits`]);
  });

  it('never lets a caller-chosen key break out of its hash tag', () => {
    const [counter, block] = fixedWindowKeys('p', 'tier:ip:}{evil');
    expect(counter).toBe('p:{gw:rl:tier:ip:__evil}:hits');
    expect(block).toBe('p:{gw:rl:tier:ip:__evil}:block');
  });

  it('counts separately for two deployments sharing one Redis', async () => {
    const key = freshKey();
    const ours = await storage();
    const theirs = await storage(`${prefix}-other`);

    await ours.increment(key, MINUTE, 5, 0, 'tier');
    const record = await theirs.increment(key, MINUTE, 5, 0, 'tier');

    expect(record.totalHits).toBe(1);
  });

  it('fails at once, without waiting for Redis, while Redis is unreachable', async () => {
    const store = new RedisThrottlerStorage({
      redisUrl: `redis://127.0.0.1:${await freePort()}`,
      prefix,
    });
    opened.push(store);

    await expect(store.increment(freshKey(), MINUTE, 5, 0, 'tier')).rejects.toThrow();
  });
});
