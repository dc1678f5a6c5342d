import { gatewayKey } from '@vantage/transport';

/**
 * One fixed-window counter step, run by Redis as a single script so that counting, starting the
 * window and blocking happen as one step however many gateway replicas count at once.
 *
 * Fixed window rather than sliding: one INCR and one expiry per request, O(1) memory per caller
 * whatever the limit (a sliding log would keep 100,000 entries for an enterprise org), and exact
 * counts: the N+1st request of a window is refused on every replica. The window starts at a
 * caller's first request (not on the clock's minute), so callers do not all reset at once. The
 * known cost: a burst at the end of one window and the start of the next can reach 2N within a
 * minute; the limits are sized with that in mind.
 *
 * KEYS[1] the window's counter, KEYS[2] a penalty block (both in one hash slot)
 * ARGV[1] window length ms, ARGV[2] limit, ARGV[3] block duration ms
 * Returns { hits in this window, ms until the window ends, blocked 0/1, ms until allowed again }.
 *
 * A refused request is counted too, so the window's count says how hard the caller pushed. A
 * caller over the limit waits for the end of the window, or for the block duration from its first
 * refusal when that is longer (a penalty beyond the window); the gateway uses no penalty.
 */
export const FIXED_WINDOW_SCRIPT = `
local windowMs = tonumber(ARGV[1])
local limit = tonumber(ARGV[2])
local blockMs = tonumber(ARGV[3])

local blockLeft = redis.call('PTTL', KEYS[2])
if blockLeft > 0 then
  local hits = tonumber(redis.call('GET', KEYS[1]) or '0')
  local windowLeft = redis.call('PTTL', KEYS[1])
  if windowLeft < 0 then windowLeft = 0 end
  return { hits, windowLeft, 1, blockLeft }
end

local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  -- The first request of a window (or a counter that somehow lost its expiry).
  redis.call('PEXPIRE', KEYS[1], windowMs)
  windowLeft = windowMs
end

if hits <= limit then
  return { hits, windowLeft, 0, 0 }
end
if blockMs > windowLeft then
  redis.call('SET', KEYS[2], '1', 'PX', blockMs)
  return { hits, windowLeft, 1, blockMs }
end
return { hits, windowLeft, 1, windowLeft }
`;

/**
 * The counter and block keys of one throttler key. The hash tag keeps both in one slot (the
 * script touches both) while different callers spread over a Redis Cluster; the prefix is the
 * deployment's TRANSPORT_PREFIX, so test files and deployments sharing a Redis never collide.
 */
export function fixedWindowKeys(prefix: string, key: string): [counter: string, block: string] {
  return [gatewayKey(prefix, `rl:${key}`, ':hits'), gatewayKey(prefix, `rl:${key}`, ':block')];
}
