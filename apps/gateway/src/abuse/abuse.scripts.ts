/**
 * Lua scripts of the abuse counters, each one step in Redis however many gateway replicas count
 * at once. Keys of one script share a hash tag (one slot on Redis Cluster).
 */

/**
 * One failed sign-in of an account. KEYS[1] failures counter, KEYS[2] lock.
 * ARGV[1] window ms, ARGV[2] failures before the lock, ARGV[3] first lock ms, ARGV[4] longest lock.
 * The counter lives for the window from the first failure; once past the limit every further
 * failure doubles the lock (capped) and keeps the counter for another window, so an attacker who
 * keeps guessing keeps the backoff long while the owner's next success (or reset) clears both.
 * Returns the lock in ms (0: none).
 */
export const ACCOUNT_FAILURE_SCRIPT = `
local failures = redis.call('INCR', KEYS[1])
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
if redis.call('PTTL', KEYS[1]) < 0 then redis.call('PEXPIRE', KEYS[1], windowMs) end
if failures < limit then return 0 end
local lockMs = math.min(tonumber(ARGV[3]) * (2 ^ math.min(failures - limit, 30)), tonumber(ARGV[4]))
redis.call('SET', KEYS[2], '1', 'PX', lockMs)
redis.call('PEXPIRE', KEYS[1], math.max(windowMs, lockMs))
return lockMs
`;

/**
 * Takes a place in a capped set of leases (WebSocket connections of one IP or org). KEYS[1] a
 * sorted set of lease id → expiry ms. ARGV[1] now ms, ARGV[2] lease id, ARGV[3] expiry ms,
 * ARGV[4] cap. Leases of a replica that died expire on their own (their expiry is renewed by
 * the live replica's heartbeat). Returns 1 when the lease is held, 0 when the set is full.
 */
export const LEASE_ACQUIRE_SCRIPT = `
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if not redis.call('ZSCORE', KEYS[1], ARGV[2]) and redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[4]) then
  return 0
end
redis.call('ZADD', KEYS[1], ARGV[3], ARGV[2])
if redis.call('PEXPIREAT', KEYS[1], ARGV[3], 'GT') == 0 and redis.call('PTTL', KEYS[1]) < 0 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[3])
end
return 1
`;

/** Renews a held lease: KEYS[1] the set, ARGV[1] lease id, ARGV[2] new expiry ms. */
export const LEASE_RENEW_SCRIPT = `
if redis.call('ZADD', KEYS[1], 'XX', 'CH', ARGV[2], ARGV[1]) == 1 then
  redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'GT')
end
return 1
`;
