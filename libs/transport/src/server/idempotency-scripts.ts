import Redis from 'ioredis';

/**
 * Lua keeps the idempotency checks atomic: "already done?" and "take the lock" in one step, and
 * "remember it is done, release the lock, acknowledge (and delete) the entry" in another. Both
 * touch keys of one hash slot (see stream-keys.ts).
 */
const BEGIN = `
local done = redis.call('GET', KEYS[1])
if done then return {'done', done} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired'} end
return {'busy'}
`;

const FINISH = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
local acked = redis.call('XACK', KEYS[3], ARGV[3], ARGV[4])
if ARGV[5] == '1' then redis.call('XDEL', KEYS[3], ARGV[4]) end
return acked
`;

export type BeginResult =
  { state: 'done'; stored: string } | { state: 'acquired' } | { state: 'busy' };

interface ScriptedRedis {
  vantageBegin(done: string, lock: string, owner: string, lockMs: number): Promise<string[]>;
  vantageFinish(
    done: string,
    lock: string,
    stream: string,
    stored: string,
    ttlMs: number,
    group: string,
    entryId: string,
    deleteEntry: '0' | '1',
  ): Promise<number>;
}

export class IdempotencyScripts {
  private readonly scripted: ScriptedRedis;

  constructor(redis: Redis) {
    redis.defineCommand('vantageBegin', { numberOfKeys: 2, lua: BEGIN });
    redis.defineCommand('vantageFinish', { numberOfKeys: 3, lua: FINISH });
    this.scripted = redis as unknown as ScriptedRedis;
  }

  async begin(
    doneKey: string,
    lockKey: string,
    owner: string,
    lockMs: number,
  ): Promise<BeginResult> {
    const [state, stored] = await this.scripted.vantageBegin(doneKey, lockKey, owner, lockMs);
    if (state === 'done') return { state, stored: stored ?? '' };
    return state === 'acquired' ? { state } : { state: 'busy' };
  }

  async finish(args: {
    doneKey: string;
    lockKey: string;
    stream: string;
    stored: string;
    ttlMs: number;
    group: string;
    entryId: string;
    /** Only where this group is the stream's one reader: others may not have read it yet. */
    deleteEntry: boolean;
  }): Promise<void> {
    await this.scripted.vantageFinish(
      args.doneKey,
      args.lockKey,
      args.stream,
      args.stored,
      args.ttlMs,
      args.group,
      args.entryId,
      args.deleteEntry ? '1' : '0',
    );
  }
}
