import { createHash } from 'node:crypto';
import type { RedisClient } from '@vantage/transport';

/** The field of a pending hash that holds its flush id (never a series key: those start with an event id). */
export const FLUSH_ID_FIELD = '\u0000id';

/**
 * A Lua script run by EVALSHA, loaded with EVAL the first time a server does not know it
 * (a new or restarted Redis). Every key it touches is passed in KEYS, all in one slot.
 */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(
    redis: RedisClient,
    keys: readonly string[],
    args: readonly (string | number)[],
  ): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error) || !error.message.startsWith('NOSCRIPT')) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

/**
 * Adds one validated, aggregated batch, once per idempotency key, atomically: either the
 * counts AND the remembered answer are stored, or neither is.
 *   KEYS: idem, due, then per bucket: live, open
 *   ARGV: record (fingerprint + answer), ttlMs, flushId for new hashes, table count, bucket
 *         count, then each table (`<count> <series key>\n` per series), then per bucket:
 *         start, dueAt, member, table number (1-based)
 * Tables are parsed once each: a batch in one minute has one table for its three buckets.
 * Returns the record stored earlier under the key (the batch is a duplicate), or false.
 */
export const RECORD_BATCH = new LuaScript(`
local previous = redis.call('GET', KEYS[1])
if previous then return previous end
local tableCount = tonumber(ARGV[4])
local tables = {}
for t = 1, tableCount do
  local fields = {}
  for count, field in string.gmatch(ARGV[5 + t], '(%d+) ([^\\n]*)\\n') do
    fields[#fields + 1] = field
    fields[#fields + 1] = count
  end
  tables[t] = fields
end
local a = 6 + tableCount
for b = 1, tonumber(ARGV[5]) do
  local live = KEYS[1 + 2 * b]
  local open = KEYS[2 + 2 * b]
  local start, dueAt, member = ARGV[a], ARGV[a + 1], ARGV[a + 2]
  local fields = tables[tonumber(ARGV[a + 3])]
  a = a + 4
  redis.call('HSETNX', live, '\\0id', ARGV[3])
  for f = 1, #fields, 2 do
    redis.call('HINCRBY', live, fields[f], fields[f + 1])
  end
  redis.call('ZADD', open, start, start)
  redis.call('ZADD', KEYS[2], 'NX', dueAt, member)
end
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
return false
`);

/**
 * Takes a live hash for flushing: renamed, so new events of the bucket start a fresh hash with
 * a new flush id. Refused while an earlier flush of the bucket is unfinished (resume it first).
 *   KEYS: live, flushing, due, in-flight   ARGV: member
 * Returns 1 when taken, 0 when there is nothing to take or an earlier flush is pending.
 */
export const CLAIM = new LuaScript(`
if redis.call('EXISTS', KEYS[2]) == 1 then return 0 end
redis.call('ZREM', KEYS[3], ARGV[1])
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
redis.call('RENAME', KEYS[1], KEYS[2])
redis.call('ZADD', KEYS[4], 0, ARGV[1])
return 1
`);

/**
 * Forgets a flushed hash once its counts are in MongoDB, only if it is still the one flushed.
 *   KEYS: flushing, in-flight, open, live   ARGV: flush id, member, start
 */
export const FINISH = new LuaScript(`
if redis.call('HGET', KEYS[1], '\\0id') ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
redis.call('ZREM', KEYS[2], ARGV[2])
if redis.call('EXISTS', KEYS[4]) == 0 then redis.call('ZREM', KEYS[3], ARGV[3]) end
return 1
`);

/** KEYS: lock   ARGV: token, ttlMs. Extends the lock if this replica still holds it. */
export const RENEW_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/** KEYS: lock   ARGV: token. Releases the lock if this replica still holds it. */
export const RELEASE_LOCK = new LuaScript(`
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
redis.call('DEL', KEYS[1])
return 1
`);
