import type { RedisClient } from '../shared/redis-client';

/**
 * Lua keeps the idempotency checks atomic: "already done?" and "take the lock" in one step, and
 * "remember it is done, release the lock, acknowledge (and delete) the entry" in another. Both
 * touch keys of one hash slot (see stream-keys.ts). Each step is one EVALSHA (ioredis sends the
 * script body once, on NOSCRIPT); commands issued in one tick share a write (auto-pipelining),
 * so the steps of every message of a batch travel together.
 */
const BEGIN = `
local done = redis.call('GET', KEYS[1])
if done then return {'done', done} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {'acquired'} end
return {'busy'}
`;

/**
 * Reads new entries for this consumer and begins each one (BEGIN above) in the same step, so a
 * busy replica needs one round trip per batch before running handlers, not two. Never blocks:
 * an empty answer sends the reader to XREADGROUP BLOCK. An entry whose envelope has no message
 * id is left 'unchecked' for the handling code to refuse. The marker keys are built from
 * prefixes (stream-keys.ts) and share the stream's hash tag, so the step stays in one slot.
 */
const TAKE = `
local read = redis.call('XREADGROUP', 'GROUP', ARGV[1], ARGV[2], 'COUNT', ARGV[3], 'STREAMS', KEYS[1], '>')
if not read then return {} end
local taken = {}
for _, entry in ipairs(read[1][2]) do
  local fields = entry[2]
  local messageId
  for i = 1, #fields - 1, 2 do
    if fields[i] == 'env' then
      local ok, envelope = pcall(cjson.decode, fields[i + 1])
      if ok and type(envelope) == 'table' and type(envelope.messageId) == 'string' then
        messageId = envelope.messageId
      end
    end
  end
  local state, stored = 'unchecked', ''
  if messageId and messageId ~= '' then
    local done = redis.call('GET', ARGV[6] .. messageId)
    if done then
      state, stored = 'done', done
    elseif redis.call('SET', ARGV[7] .. messageId, ARGV[4], 'NX', 'PX', ARGV[5]) then
      state = 'acquired'
    else
      state = 'busy'
    end
  end
  taken[#taken + 1] = {entry[1], fields, state, stored}
end
return taken
`;

const FINISH = `
redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
redis.call('DEL', KEYS[2])
local acked = redis.call('XACK', KEYS[3], ARGV[3], ARGV[4])
if ARGV[5] == '1' then redis.call('XDEL', KEYS[3], ARGV[4]) end
return acked
`;

/**
 * FINISH for several messages of one stream: KEYS are the stream, then each message's done and
 * lock keys; ARGV the group, whether to delete the entries, then each message's stored value,
 * marker lifetime and entry id. One call per batch instead of one per message.
 */
const FINISH_MANY = `
local entryIds, locks = {}, {}
for i = 1, (#KEYS - 1) / 2 do
  redis.call('SET', KEYS[2 * i], ARGV[3 * i], 'PX', ARGV[3 * i + 1])
  locks[i] = KEYS[2 * i + 1]
  entryIds[i] = ARGV[3 * i + 2]
end
redis.call('DEL', unpack(locks))
local acked = redis.call('XACK', KEYS[1], ARGV[1], unpack(entryIds))
if ARGV[2] == '1' then redis.call('XDEL', KEYS[1], unpack(entryIds)) end
return acked
`;

const ACK = `
local acked = redis.call('XACK', KEYS[1], ARGV[1], ARGV[2])
if ARGV[3] == '1' then redis.call('XDEL', KEYS[1], ARGV[2]) end
return acked
`;

export type BeginResult =
  { state: 'done'; stored: string } | { state: 'acquired' } | { state: 'busy' };

/** A new entry read by TAKE, begun unless its envelope has no message id. */
export interface TakenEntry {
  readonly entryId: string;
  readonly fields: string[];
  readonly begun?: BeginResult;
}

export interface TakeRequest {
  readonly stream: string;
  readonly group: string;
  readonly consumer: string;
  readonly count: number;
  /** Lock owner and lifetime, as for begin(). */
  readonly owner: string;
  readonly lockMs: number;
  /** doneKey / lockKey of the stream and group without the message id. */
  readonly donePrefix: string;
  readonly lockPrefix: string;
}

/** A reply as the scripts append it: fields `cid` and `body` (reply-packet.ts). */
export interface ScriptedReply {
  readonly stream: string;
  readonly correlationId: string;
  readonly body: string;
  /** The caller reads several replies from one entry (WireMessage.reply.batched). */
  readonly batched?: boolean;
}

export interface FinishRequest {
  readonly doneKey: string;
  readonly lockKey: string;
  readonly stream: string;
  readonly stored: string;
  readonly ttlMs: number;
  readonly group: string;
  readonly entryId: string;
  /** Only where this group is the stream's one reader: others may not have read it yet. */
  readonly deleteEntry: boolean;
  readonly reply?: ScriptedReply;
}

interface QueuedFinish {
  readonly request: FinishRequest;
  readonly reply: ScriptedReply;
  readonly settle: (outcome: Promise<unknown>) => void;
}

/** How reply streams are kept: an approximate length cap and an expiry renewed by each reply. */
export interface ReplyStreamLimits {
  readonly maxLength: number;
  readonly ttlMs: number;
}

type FinishArgs = [
  stored: string,
  ttlMs: number,
  group: string,
  entryId: string,
  deleteEntry: '0' | '1',
];

type TakeReply = Array<[string, string[], string, string | null]>;

interface ScriptedRedis {
  vantageTake(
    stream: string,
    group: string,
    consumer: string,
    count: number,
    owner: string,
    lockMs: number,
    donePrefix: string,
    lockPrefix: string,
  ): Promise<TakeReply>;
  vantageBegin(done: string, lock: string, owner: string, lockMs: number): Promise<string[]>;
  vantageFinish(done: string, lock: string, stream: string, ...args: FinishArgs): Promise<number>;
  /** Without a fixed key count: the first argument says how many keys follow. */
  vantageFinishMany(numberOfKeys: number, ...keysThenArgs: Array<string | number>): Promise<number>;
  vantageAck(
    stream: string,
    group: string,
    entryId: string,
    deleteEntry: '0' | '1',
  ): Promise<number>;
}

export class IdempotencyScripts {
  private readonly scripted: ScriptedRedis;
  /** Finishes with batchable replies, sent together once the handlers of this turn are done. */
  private queued: QueuedFinish[] = [];

  constructor(
    private readonly redis: RedisClient,
    private readonly replies: ReplyStreamLimits,
  ) {
    redis.defineCommand('vantageTake', { numberOfKeys: 1, lua: TAKE });
    redis.defineCommand('vantageBegin', { numberOfKeys: 2, lua: BEGIN });
    redis.defineCommand('vantageFinish', { numberOfKeys: 3, lua: FINISH });
    redis.defineCommand('vantageFinishMany', { lua: FINISH_MANY });
    redis.defineCommand('vantageAck', { numberOfKeys: 1, lua: ACK });
    this.scripted = redis as unknown as ScriptedRedis;
  }

  async take(request: TakeRequest): Promise<TakenEntry[]> {
    const taken = await this.scripted.vantageTake(
      request.stream,
      request.group,
      request.consumer,
      request.count,
      request.owner,
      request.lockMs,
      request.donePrefix,
      request.lockPrefix,
    );
    return taken.map(([entryId, fields, state, stored]) => ({
      entryId,
      fields,
      ...(state === 'unchecked' ? {} : { begun: beginResult(state, stored) }),
    }));
  }

  async begin(
    doneKey: string,
    lockKey: string,
    owner: string,
    lockMs: number,
  ): Promise<BeginResult> {
    const [state, stored] = await this.scripted.vantageBegin(doneKey, lockKey, owner, lockMs);
    return beginResult(state, stored);
  }

  /**
   * Marks the message done and acknowledges it, answering `reply` first. The reply is a step of
   * its own (its stream lives in the caller's hash slot, and a script may only touch keys of one
   * slot on Redis Cluster), queued in the same write just before the finishing step. Batchable
   * replies wait for the end of this turn of the event loop: the replies of a batch to one
   * caller then go in one entry, which wakes the caller's reader once, not once per reply.
   */
  async finish(request: FinishRequest): Promise<void> {
    const { reply } = request;
    if (!reply) {
      await this.finishOnly(request);
      return;
    }
    if (!reply.batched) {
      await Promise.all([this.reply(reply), this.finishOnly(request)]);
      return;
    }
    if (this.queued.length === 0) setImmediate(() => this.finishQueued());
    await new Promise<unknown>((resolve, reject) =>
      this.queued.push({
        request,
        reply,
        settle: (outcome) => void outcome.then(resolve, reject),
      }),
    );
  }

  /** Each caller's replies in one entry, then each stream's messages in one step; one write. */
  private finishQueued(): void {
    const queued = this.queued;
    this.queued = [];
    const appended = new Map<string, Promise<unknown>>();
    for (const [stream, batch] of groupBy(queued, ({ reply }) => reply.stream)) {
      appended.set(
        stream,
        this.appendReplies(
          stream,
          batch.map(({ reply }) => reply),
        ),
      );
    }
    const finishes = groupBy(
      queued,
      ({ request }) => `${request.stream}\n${request.group}\n${request.deleteEntry}`,
    );
    for (const batch of finishes.values()) {
      const finished = this.finishMany(batch.map(({ request }) => request));
      for (const { reply, settle } of batch) {
        settle(Promise.all([appended.get(reply.stream), finished]));
      }
    }
  }

  /** Requests of one stream, group and deletion policy (finishQueued groups them so). */
  private finishMany(requests: readonly FinishRequest[]): Promise<number> {
    const first = requests[0];
    if (!first) return Promise.resolve(0);
    if (requests.length === 1) return this.finishOnly(first);
    const keys = [first.stream, ...requests.flatMap((r) => [r.doneKey, r.lockKey])];
    const args = [
      first.group,
      first.deleteEntry ? '1' : '0',
      ...requests.flatMap((r) => [r.stored, r.ttlMs, r.entryId]),
    ];
    return this.scripted.vantageFinishMany(keys.length, ...keys, ...args);
  }

  private finishOnly(request: FinishRequest): Promise<number> {
    return this.scripted.vantageFinish(
      request.doneKey,
      request.lockKey,
      request.stream,
      request.stored,
      request.ttlMs,
      request.group,
      request.entryId,
      request.deleteEntry ? '1' : '0',
    );
  }

  /**
   * Two plain commands in one write, not a script: EVALSHA needs read and write access to the
   * keys it names, and a service may only write to its callers' reply streams (service-acl.ts).
   * Nor MULTI/EXEC, which costs two commands more for no gain: both are queued together.
   */
  async reply(reply: ScriptedReply): Promise<void> {
    await this.appendReplies(reply.stream, [reply]);
  }

  /** One entry with a `cid`/`body` pair per reply (reply-packet.ts reads them all). */
  private async appendReplies(stream: string, replies: readonly ScriptedReply[]): Promise<void> {
    const { maxLength, ttlMs } = this.replies;
    const fields = replies.flatMap(({ correlationId, body }) => [
      'cid',
      correlationId,
      'body',
      body,
    ]);
    await Promise.all([
      this.redis.xadd(stream, 'MAXLEN', '~', maxLength, '*', ...fields),
      this.redis.pexpire(stream, ttlMs),
    ]);
  }

  /** Acknowledges, and deletes the entry when `deleteEntry` (this group is its one reader). */
  async ack(stream: string, group: string, entryId: string, deleteEntry: boolean): Promise<void> {
    await this.scripted.vantageAck(stream, group, entryId, deleteEntry ? '1' : '0');
  }
}

function beginResult(state: string | undefined, stored: string | null | undefined): BeginResult {
  if (state === 'done') return { state, stored: stored ?? '' };
  return state === 'acquired' ? { state } : { state: 'busy' };
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}
