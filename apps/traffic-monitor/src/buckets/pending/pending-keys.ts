import type { BucketResolution } from '../bucket-query';

/** Which pending bucket a `due` / `in-flight` member names. */
export interface PendingMember {
  readonly resolution: BucketResolution;
  readonly startMs: number;
  readonly orgId: string;
}

/**
 * Redis key layout of the pending (not yet flushed) counts. Orgs are spread over a fixed number
 * of shards; every key of a shard carries the hash tag `{<prefix>:ingest:<shard>}`, so each Lua
 * script touches one Redis Cluster slot, and a shard is the unit one flusher owns at a time.
 * The shard count must stay the same while counts are pending (drain before changing it).
 *
 *   live:<res>:<org>:<start>      hash  series key -> count, plus `\0id` (the flush id)
 *   flushing:<res>:<org>:<start>  hash  a live hash taken by a flush that has not finished
 *   open:<res>:<org>              zset  starts that have a live or flushing hash (for readers)
 *   due                           zset  member -> when it may be flushed (bucket end + grace)
 *   in-flight                     zset  members with a flushing hash (resumed after a crash)
 *   flush-lock                    str   the replica flushing this shard now
 *   idem:<org>:<key>              str   fingerprint + answer of an ingested batch (TTL)
 *
 * Outside the shards, `{ingest:active-orgs}` (zset, org -> last flush) lists the organisations
 * with recent traffic, whose statuses the alert evaluator watches for the `traffic` channel.
 */
export class PendingKeys {
  constructor(
    private readonly prefix: string,
    readonly shards: number,
  ) {}

  shardOf(orgId: string): number {
    // FNV-1a: stable across processes and versions, unlike any runtime hash.
    let hash = 0x811c9dc5;
    for (let i = 0; i < orgId.length; i += 1) {
      hash ^= orgId.charCodeAt(i);
      hash = Math.imul(hash, 0x01000193);
    }
    return (hash >>> 0) % this.shards;
  }

  allShards(): number[] {
    return Array.from({ length: this.shards }, (_, shard) => shard);
  }

  live(member: PendingMember): string {
    return `${this.tagOf(member.orgId)}:live:${member.resolution}:${member.orgId}:${member.startMs}`;
  }

  flushing(member: PendingMember): string {
    return `${this.tagOf(member.orgId)}:flushing:${member.resolution}:${member.orgId}:${member.startMs}`;
  }

  open(orgId: string, resolution: BucketResolution): string {
    return `${this.tagOf(orgId)}:open:${resolution}:${orgId}`;
  }

  due(shard: number): string {
    return `${this.tag(shard)}:due`;
  }

  inFlight(shard: number): string {
    return `${this.tag(shard)}:in-flight`;
  }

  lock(shard: number): string {
    return `${this.tag(shard)}:flush-lock`;
  }

  activeOrgs(): string {
    return `${this.prefix}:{ingest:active-orgs}`;
  }

  idempotency(orgId: string, key: string): string {
    return `${this.tagOf(orgId)}:idem:${orgId}:${key}`;
  }

  /** Org last: an org id may contain the separator, a resolution and a number cannot. */
  member(member: PendingMember): string {
    return `${member.resolution}|${member.startMs}|${member.orgId}`;
  }

  parseMember(text: string): PendingMember {
    const first = text.indexOf('|');
    const second = text.indexOf('|', first + 1);
    return {
      resolution: text.slice(0, first) as BucketResolution,
      startMs: Number(text.slice(first + 1, second)),
      orgId: text.slice(second + 1),
    };
  }

  private tagOf(orgId: string): string {
    return this.tag(this.shardOf(orgId));
  }

  private tag(shard: number): string {
    return `${this.prefix}:{ingest:${shard}}`;
  }
}
