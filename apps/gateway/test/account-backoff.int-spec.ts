import { testPrefix, testRedis } from '@vantage/transport/testing';
import { ACCOUNT_FAILURE_SCRIPT } from '../src/abuse/abuse.scripts';

const WINDOW_MS = 900_000;
const LIMIT = 10;
const FIRST_LOCK_MS = 30_000;
const MAX_LOCK_MS = 100_000;

describe('the login backoff of one account (the Redis script, on a real Redis)', () => {
  const redis = testRedis();
  const prefix = testPrefix();

  afterAll(() => redis.disconnect());

  async function failures(n: number, account: string): Promise<number[]> {
    const keys = [`${prefix}:{${account}}:failures`, `${prefix}:{${account}}:lock`];
    const locks: number[] = [];
    for (let i = 0; i < n; i++) {
      const lock = await redis.eval(
        ACCOUNT_FAILURE_SCRIPT,
        2,
        ...keys,
        WINDOW_MS,
        LIMIT,
        FIRST_LOCK_MS,
        MAX_LOCK_MS,
      );
      locks.push(Number(lock));
    }
    return locks;
  }

  it('locks at the 10th failure, doubles the lock with each further one, up to the cap', async () => {
    expect(await failures(13, 'acct-a')).toEqual([
      ...Array<number>(9).fill(0),
      30_000,
      60_000,
      100_000,
      100_000,
    ]);
  });

  it('keeps the counter for a window past the lock, so guessing on keeps the backoff long', async () => {
    await failures(11, 'acct-b');
    const ttl = await redis.pttl(`${prefix}:{acct-b}:failures`);
    expect(ttl).toBeGreaterThan(FIRST_LOCK_MS * 2);
    expect(await redis.exists(`${prefix}:{acct-b}:lock`)).toBe(1);
  });
});
