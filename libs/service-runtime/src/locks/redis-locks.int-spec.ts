import { randomBytes } from 'node:crypto';
import { UnavailableError } from '@vantage/contracts';
import { createLogger } from '@vantage/observability';
import { testRedisUrl, waitUntil } from '@vantage/transport/testing';
import { BaseServiceConfig } from '../config/base-service.config';
import { RedisLocks } from './redis-locks';

/** Two replicas of one service: each its own connection, one key space. */
function replicas(prefix: string): [RedisLocks, RedisLocks] {
  const config = Object.assign(new BaseServiceConfig(), {
    REDIS_URL: testRedisUrl(),
    TRANSPORT_PREFIX: prefix,
  });
  const logger = createLogger({ service: 'locks-test', level: 'silent' });
  const replica = (instanceId: string): RedisLocks =>
    new RedisLocks(config, { service: 'traffic-monitor', instanceId }, logger);
  return [replica('a'), replica('b')];
}

describe('RedisLocks against the test Redis', () => {
  let a: RedisLocks;
  let b: RedisLocks;

  beforeEach(() => {
    [a, b] = replicas(`t-locks-${randomBytes(4).toString('hex')}`);
  });

  afterEach(() => {
    a.onApplicationShutdown();
    b.onApplicationShutdown();
  });

  it('gives a lock to one replica at a time, and only its holder releases it', async () => {
    const token = await a.tryAcquire('org-1', 60_000);
    expect(token).not.toBeNull();
    expect(await b.tryAcquire('org-1', 60_000)).toBeNull();
    // Another lock name is another key (another slot on a cluster): free.
    expect(await b.tryAcquire('org-2', 60_000)).not.toBeNull();

    await b.release('org-1', 'not-the-token');
    expect(await b.tryAcquire('org-1', 60_000)).toBeNull();
    await a.release('org-1', token as string);
    expect(await b.tryAcquire('org-1', 60_000)).not.toBeNull();
  });

  it('runs withLock bodies of two replicas one after the other', async () => {
    const order: string[] = [];
    const body = (name: string) => async (): Promise<void> => {
      order.push(`${name}:in`);
      await new Promise((resolve) => setTimeout(resolve, 50));
      order.push(`${name}:out`);
    };
    await Promise.all([
      a.withLock('org-1', 60_000, 10_000, body('a')),
      b.withLock('org-1', 60_000, 10_000, body('b')),
    ]);
    expect(order).toHaveLength(4);
    expect(order[0]?.endsWith(':in')).toBe(true);
    expect(order[1]).toBe(order[0]?.replace(':in', ':out'));
  });

  it('refuses once the wait is over, and a holder that lost its lock fails its confirm', async () => {
    await a.tryAcquire('org-1', 60_000);
    await expect(b.withLock('org-1', 60_000, 0, async () => 'ran')).rejects.toBeInstanceOf(
      UnavailableError,
    );

    const confirmed = a.withLock('org-2', 300, 1000, async (lease) => {
      // Stalled past its TTL: another replica took the lock meanwhile.
      await waitUntil(async () => (await b.tryAcquire('org-2', 60_000)) !== null, 'a takeover');
      await lease.confirm();
      return 'wrote';
    });
    await expect(confirmed).rejects.toThrow(/held too long/);
  });
});
