// Lua for keys that hold an owner's token (locks, leases): each acts only while the key still
// holds the caller's token, since it may have expired and been taken by another meanwhile.

/** Deletes the key if it is still ours. */
export const RELEASE_IF_OURS_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** Gives the key its TTL (ARGV[2] ms) again if it is still ours: 1 when it is, 0 when it was lost. */
export const EXTEND_IF_OURS_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
