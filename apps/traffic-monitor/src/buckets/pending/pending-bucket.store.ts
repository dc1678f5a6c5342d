import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@vantage/transport';
import type { BucketResolution } from '../bucket-query';
import { BUCKETS_REDIS } from '../buckets-redis';
import { PendingKeys, PendingMember } from './pending-keys';
import {
  CLAIM,
  FINISH,
  FLUSH_ID_FIELD,
  RECORD_BATCH,
  RELEASE_LOCK,
  RENEW_LOCK,
} from './pending-scripts';

/** Counts of one bucket (one resolution and start) to add, by series key. */
export interface PendingIncrement {
  readonly resolution: BucketResolution;
  readonly startMs: number;
  /** When the bucket may be flushed: its end plus the grace for late events. */
  readonly dueAtMs: number;
  readonly counts: ReadonlyMap<string, number>;
}

/** The counts of one pending hash, with the flush id that will mark them in MongoDB. */
export interface PendingPart {
  readonly startMs: number;
  readonly flushId: string;
  readonly counts: ReadonlyMap<string, number>;
}

export interface RecordBatchInput {
  readonly orgId: string;
  readonly idempotencyKey: string;
  /** Stored with the answer; a later batch under the same key is compared against it. */
  readonly record: string;
  readonly ttlMs: number;
  /** The flush id of any pending hash this batch creates. */
  readonly newFlushId: string;
  readonly increments: readonly PendingIncrement[];
}

/**
 * The Redis side of bucket storage (layout in pending-keys.ts): ingest adds to it, readers
 * overlay it on MongoDB, and the flusher moves it to MongoDB.
 */
@Injectable()
export class PendingBucketStore {
  constructor(
    @Inject(BUCKETS_REDIS) private readonly redis: RedisClient,
    readonly keys: PendingKeys,
  ) {}

  /**
   * Adds the batch unless its key was seen; then answers the record stored then instead.
   * Each distinct counts Map goes over the wire once, packed in one argument (see
   * RECORD_BATCH): one argument per field would cost the client more than Redis its HINCRBYs.
   */
  async recordBatch(input: RecordBatchInput): Promise<string | undefined> {
    const shard = this.keys.shardOf(input.orgId);
    const keys = [this.keys.idempotency(input.orgId, input.idempotencyKey), this.keys.due(shard)];
    const tables = new Map<ReadonlyMap<string, number>, number>();
    const bucketArgs: (string | number)[] = [];
    for (const increment of input.increments) {
      const member: PendingMember = {
        resolution: increment.resolution,
        startMs: increment.startMs,
        orgId: input.orgId,
      };
      keys.push(this.keys.live(member), this.keys.open(input.orgId, increment.resolution));
      let table = tables.get(increment.counts);
      if (table === undefined) {
        table = tables.size + 1;
        tables.set(increment.counts, table);
      }
      bucketArgs.push(increment.startMs, increment.dueAtMs, this.keys.member(member), table);
    }
    const args: (string | number)[] = [
      input.record,
      input.ttlMs,
      input.newFlushId,
      tables.size,
      input.increments.length,
    ];
    for (const counts of tables.keys()) args.push(packCounts(counts));
    args.push(...bucketArgs);
    const previous = await RECORD_BATCH.run(this.redis, keys, args);
    return typeof previous === 'string' ? previous : undefined;
  }

  /**
   * Every pending hash (live or being flushed) of the org at this resolution whose bucket starts
   * in [fromMs, toMs), read in one MULTI so a hash renamed for flushing is seen exactly once.
   */
  async snapshot(
    orgId: string,
    resolution: BucketResolution,
    fromMs: number,
    toMs: number,
  ): Promise<PendingPart[]> {
    const starts = await this.redis.zrangebyscore(
      this.keys.open(orgId, resolution),
      fromMs,
      `(${toMs}`,
    );
    if (starts.length === 0) return [];
    const multi = this.redis.multi();
    for (const start of starts) {
      const member = { resolution, startMs: Number(start), orgId };
      multi.hgetall(this.keys.flushing(member));
      multi.hgetall(this.keys.live(member));
    }
    const replies = (await multi.exec()) ?? [];
    const parts: PendingPart[] = [];
    replies.forEach(([error, hash], index) => {
      if (error) throw error;
      const part = toPart(Number(starts[Math.floor(index / 2)]), hash as Record<string, string>);
      if (part) parts.push(part);
    });
    return parts;
  }

  /** Members whose bucket may be flushed by `untilMs` (all with Infinity), oldest first. */
  async dueMembers(shard: number, untilMs: number, limit: number): Promise<PendingMember[]> {
    const max = Number.isFinite(untilMs) ? untilMs : '+inf';
    const members = await this.redis.zrangebyscore(
      this.keys.due(shard),
      '-inf',
      max,
      'LIMIT',
      0,
      limit,
    );
    return members.map((member) => this.keys.parseMember(member));
  }

  /** When the oldest pending bucket of the shard became due, if any. */
  async oldestDueAt(shard: number): Promise<number | undefined> {
    const [, score] = await this.redis.zrange(this.keys.due(shard), 0, 0, 'WITHSCORES');
    return score === undefined ? undefined : Number(score);
  }

  /** Flushes taken and not finished (a flusher died or lost its lock midway). */
  async inFlightMembers(shard: number): Promise<PendingMember[]> {
    const members = await this.redis.zrange(this.keys.inFlight(shard), 0, -1);
    return members.map((member) => this.keys.parseMember(member));
  }

  async claim(member: PendingMember): Promise<boolean> {
    const shard = this.keys.shardOf(member.orgId);
    const claimed = await CLAIM.run(
      this.redis,
      [
        this.keys.live(member),
        this.keys.flushing(member),
        this.keys.due(shard),
        this.keys.inFlight(shard),
      ],
      [this.keys.member(member)],
    );
    return claimed === 1;
  }

  /** The counts a claimed member holds, or undefined when its flush already finished. */
  async readFlushing(member: PendingMember): Promise<PendingPart | undefined> {
    const hash = await this.redis.hgetall(this.keys.flushing(member));
    return toPart(member.startMs, hash);
  }

  async finish(member: PendingMember, flushId: string): Promise<void> {
    const shard = this.keys.shardOf(member.orgId);
    await FINISH.run(
      this.redis,
      [
        this.keys.flushing(member),
        this.keys.inFlight(shard),
        this.keys.open(member.orgId, member.resolution),
        this.keys.live(member),
      ],
      [flushId, this.keys.member(member), member.startMs],
    );
  }

  /** A member that is no longer pending anywhere (its in-flight entry outlived its hash). */
  async forgetInFlight(member: PendingMember): Promise<void> {
    await this.redis.zrem(
      this.keys.inFlight(this.keys.shardOf(member.orgId)),
      this.keys.member(member),
    );
  }

  async tryLock(shard: number, token: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(this.keys.lock(shard), token, 'PX', ttlMs, 'NX')) === 'OK';
  }

  async renewLock(shard: number, token: string, ttlMs: number): Promise<boolean> {
    return (await RENEW_LOCK.run(this.redis, [this.keys.lock(shard)], [token, ttlMs])) === 1;
  }

  async releaseLock(shard: number, token: string): Promise<void> {
    await RELEASE_LOCK.run(this.redis, [this.keys.lock(shard)], [token]);
  }
}

/**
 * `<count> <series key>\n` per series. Series keys hold printable ASCII and U+001F only
 * (ingest validation), never a newline, so the script can split on it.
 */
function packCounts(counts: ReadonlyMap<string, number>): string {
  let packed = '';
  for (const [key, count] of counts) packed += `${count} ${key}\n`;
  return packed;
}

function toPart(startMs: number, hash: Record<string, string>): PendingPart | undefined {
  const flushId = hash[FLUSH_ID_FIELD];
  if (flushId === undefined) return undefined;
  const counts = new Map<string, number>();
  for (const [field, value] of Object.entries(hash)) {
    if (field !== FLUSH_ID_FIELD) counts.set(field, Number(value));
  }
  return { startMs, flushId, counts };
}
