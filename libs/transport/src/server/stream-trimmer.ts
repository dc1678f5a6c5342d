import type { RedisClient } from '../shared/redis-client';
import { Logger } from '@vantage/observability';
import { errorMessage } from '../shared/redis-connection';
import { skipWhileRunning } from '../shared/repeat-until-stopped';

/**
 * Trims a stream to what some reader may still need, in one atomic step:
 *   - entries older than the tail (ARGV[1] ms, by Redis' clock) go,
 *   - except from the oldest entry any group holds pending (a replica may die with it, and
 *     XAUTOCLAIM must still find it),
 *   - and from the first entry some group has not read yet (a group falls behind while its
 *     service is down or busy).
 * XTRIM MINID keeps every entry at or after the floor, so one old pending entry holds the
 * entries after it too, until it is acknowledged or dead-lettered. Returns the entries trimmed.
 */
const TRIM_HANDLED = `
if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
local function parse(id)
  local dash = string.find(id, '-', 1, true)
  return tonumber(string.sub(id, 1, dash - 1)), tonumber(string.sub(id, dash + 1))
end
local function older(a, b)
  local am, as = parse(a)
  local bm, bs = parse(b)
  return am < bm or (am == bm and as < bs)
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local floor = string.format('%d-0', nowMs - tonumber(ARGV[1]) + 1)
for _, group in ipairs(redis.call('XINFO', 'GROUPS', KEYS[1])) do
  local info = {}
  for i = 1, #group, 2 do info[group[i]] = group[i + 1] end
  local lastMs, lastSeq = parse(info['last-delivered-id'])
  local unread = string.format('%d-%d', lastMs, lastSeq + 1)
  if older(unread, floor) then floor = unread end
  if tonumber(info['pending']) > 0 then
    local oldest = redis.call('XPENDING', KEYS[1], info['name'])[2]
    if oldest and older(oldest, floor) then floor = oldest end
  end
end
return redis.call('XTRIM', KEYS[1], 'MINID', floor)
`;

interface ScriptedRedis {
  vantageTrimHandled(stream: string, tailMs: number): Promise<number>;
}

export interface StreamTrimmerOptions {
  readonly redis: RedisClient;
  /** Handled entries younger than this stay, e.g. for broadcast readers catching up. */
  readonly tailMs: number;
  readonly logger?: Logger;
}

/**
 * Keeps the streams a replica reads down to pending entries plus a short tail: consumer groups
 * acknowledge entries but never remove them, and an approximate MAXLEN alone would let every
 * stream hold its cap of handled messages.
 */
export class StreamTrimmer {
  private readonly scripted: ScriptedRedis;
  private timer?: NodeJS.Timeout;

  constructor(private readonly options: StreamTrimmerOptions) {
    options.redis.defineCommand('vantageTrimHandled', { numberOfKeys: 1, lua: TRIM_HANDLED });
    this.scripted = options.redis as unknown as ScriptedRedis;
  }

  async trim(stream: string): Promise<number> {
    return this.scripted.vantageTrimHandled(stream, this.options.tailMs);
  }

  /** Trims every stream of `streams` each `intervalMs`; a failed trim waits for the next tick. */
  start(streams: readonly string[], intervalMs: number): void {
    const tick = skipWhileRunning(async () => {
      for (const stream of streams) {
        await this.trim(stream).catch((error: unknown) =>
          this.options.logger?.warn({ stream, err: errorMessage(error) }, 'stream trim failed'),
        );
      }
    });
    this.timer = setInterval(tick, intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
