import { randomBytes } from 'node:crypto';
import type { RedisClient } from '@vantage/transport';
import { testRedis } from '@vantage/transport/testing';
import { RevisionedCache, type RevisionedCacheOptions } from './revisioned-cache';

describe('RevisionedCache against the test Redis', () => {
  let redis: RedisClient;
  let clock: number;
  let options: RevisionedCacheOptions;

  beforeAll(() => {
    redis = testRedis();
  });

  afterAll(() => redis.disconnect());

  beforeEach(() => {
    const prefix = `t-revisioned-${randomBytes(4).toString('hex')}`;
    clock = 0;
    options = {
      revisionKey: (scope) => `${prefix}:rev:${scope}`,
      maxEntries: 2,
      safetyTtlMs: 1_000,
      now: () => clock,
    };
  });

  /** A load that answers `<scope>#<n>`, n counting this loader's calls. */
  const counter = () => {
    let calls = 0;
    return (scope: string) => () => Promise.resolve(`${scope}#${++calls}`);
  };

  it('loads once per revision, and again on every replica once a writer changed it', async () => {
    const [first, second] = [
      new RevisionedCache<string>(redis, options),
      new RevisionedCache<string>(redis, options),
    ];
    const load = counter();
    expect(await first.get('org', load('org'))).toBe('org#1');
    expect(await first.get('org', load('org'))).toBe('org#1');
    expect(await second.get('org', load('org'))).toBe('org#2');

    await second.changed('org');

    expect(await first.get('org', load('org'))).toBe('org#3');
    expect(await second.get('org', load('org'))).toBe('org#4');
    expect(await first.get('org', load('org'))).toBe('org#3');
  });

  it('loads again after the safety TTL even with the same revision', async () => {
    const cache = new RevisionedCache<string>(redis, options);
    const load = counter();
    await cache.get('org', load('org'));
    clock = 999;
    expect(await cache.get('org', load('org'))).toBe('org#1');
    clock = 1_000;
    expect(await cache.get('org', load('org'))).toBe('org#2');
  });

  it('keeps the most recently used scopes up to its cap', async () => {
    const cache = new RevisionedCache<string>(redis, options);
    const load = counter();
    await cache.get('a', load('a'));
    await cache.get('b', load('b'));
    await cache.get('a', load('a')); // a is now the most recent
    await cache.get('c', load('c')); // evicts b
    expect(await cache.get('a', load('a'))).toBe('a#1');
    expect(await cache.get('b', load('b'))).toBe('b#4');
  });

  it('shares one load between concurrent misses', async () => {
    const cache = new RevisionedCache<string>(redis, options);
    let calls = 0;
    let answer: (value: string) => void = () => undefined;
    const slow = () => {
      calls += 1;
      return new Promise<string>((resolve) => (answer = resolve));
    };
    const both = Promise.all([cache.get('org', slow), cache.get('org', slow)]);
    while (calls === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    answer('loaded');
    expect(await both).toEqual(['loaded', 'loaded']);
    expect(calls).toBe(1);
  });

  it('keeps no failed load', async () => {
    const cache = new RevisionedCache<string>(redis, options);
    await expect(cache.get('org', () => Promise.reject(new Error('store down')))).rejects.toThrow(
      'store down',
    );
    expect(await cache.get('org', () => Promise.resolve('back'))).toBe('back');
  });
});
