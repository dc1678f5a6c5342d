import { Injectable } from '@nestjs/common';
import type { BucketResolution } from '../bucket-query';
import type { BucketIncrement } from '../bucket.repository';
import { OrgTotalsRepository } from './org-totals.repository';

/**
 * Keeps the per-organisation totals documents (org-totals.schema.ts) up to date as counts are
 * stored: the flusher calls `recordFlush` with the increments it has just written to the
 * buckets, before it drops the pending hash, so a reader that no longer sees the hash in Redis
 * finds its flush in the document (readers overlay pending counts by flush id, as for buckets).
 */
@Injectable()
export class OrgTotals {
  constructor(private readonly repository: OrgTotalsRepository) {}

  /** Adds a flush's increments (any orgs and starts) per org and bucket, summed per event id. */
  async recordFlush(
    resolution: BucketResolution,
    flushId: string,
    increments: readonly BucketIncrement[],
  ): Promise<void> {
    const buckets = new Map<
      string,
      { orgId: string; startMs: number; counts: Map<string, number> }
    >();
    for (const increment of increments) {
      const startMs = increment.start.getTime();
      const key = `${startMs}|${increment.orgId}`;
      let bucket = buckets.get(key);
      if (!bucket) {
        bucket = { orgId: increment.orgId, startMs, counts: new Map() };
        buckets.set(key, bucket);
      }
      bucket.counts.set(
        increment.eventId,
        (bucket.counts.get(increment.eventId) ?? 0) + increment.count,
      );
    }
    for (const { orgId, startMs, counts } of buckets.values()) {
      await this.repository.add(orgId, resolution, startMs, flushId, counts);
    }
  }
}
