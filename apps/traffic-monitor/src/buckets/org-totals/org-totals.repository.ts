import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import type { BucketResolution } from '../bucket-query';
import { eventIdField, eventIdOfField, orgTotalsId } from './org-totals-id';
import { ORG_TOTALS_MODEL, type OrgBucketTotals } from './org-totals.schema';

/** One stored totals document as read: counts by event id, and the flushes it holds. */
export interface StoredOrgTotals {
  readonly startMs: number;
  readonly counts: ReadonlyMap<string, number>;
  readonly flushes: ReadonlySet<string>;
}

interface MigrationMarker {
  readonly _id: string;
  readonly doneAt: Date;
}

function migrationMarkerId(name: string): string {
  return `migration|${name}`;
}

/** Flushes a document remembers; more than the flushes of one bucket that can be in progress. */
const REMEMBERED_FLUSHES = 16;
const DUPLICATE_KEY = 11000;
/** Keyed reads in flight at once for one window, so one dashboard never floods the store. */
const PARALLEL_READS = 32;

/** The filter of every read and write of a totals document: its `_id` alone (explain-tested). */
export function orgTotalsFilter(
  orgId: string,
  resolution: BucketResolution,
  startMs: number,
): { _id: string } {
  return { _id: orgTotalsId(orgId, resolution, startMs) };
}

/** The only place that touches the per-organisation totals documents. */
@Injectable()
export class OrgTotalsRepository {
  private readonly collection: mongo.Collection<OrgBucketTotals>;

  constructor(@InjectModel(ORG_TOTALS_MODEL) model: Model<OrgBucketTotals>) {
    this.collection = model.collection as unknown as mongo.Collection<OrgBucketTotals>;
  }

  /** The documents of these bucket starts that exist, each read by `_id`. */
  async read(
    orgId: string,
    resolution: BucketResolution,
    startsMs: readonly number[],
  ): Promise<StoredOrgTotals[]> {
    const found: StoredOrgTotals[] = [];
    for (let at = 0; at < startsMs.length; at += PARALLEL_READS) {
      const docs = await Promise.all(
        startsMs.slice(at, at + PARALLEL_READS).map((startMs) =>
          this.collection.findOne(orgTotalsFilter(orgId, resolution, startMs), {
            projection: { _id: 0, start: 1, counts: 1, flushes: 1 },
          }),
        ),
      );
      for (const doc of docs) if (doc) found.push(toStored(doc));
    }
    return found;
  }

  /**
   * Adds one flush's counts (summed per event id) to the bucket's document unless it holds the
   * flush already. The flusher calls it with the increments it has just written to the buckets,
   * before it drops the pending hash, so a reader that no longer sees the hash in Redis finds
   * its flush here (readers overlay pending counts by flush id, as for buckets). The flushes of
   * one organisation run one at a time (its shard's lock), so the check and the write by `_id`
   * have no other writer in between.
   */
  async add(
    orgId: string,
    resolution: BucketResolution,
    startMs: number,
    flushId: string,
    counts: readonly { readonly eventId: string; readonly count: number }[],
  ): Promise<void> {
    if (counts.length === 0) return;
    const filter = orgTotalsFilter(orgId, resolution, startMs);
    const existing = await this.collection.findOne(filter, { projection: { flushes: 1 } });
    if (existing?.flushes?.includes(flushId)) return;
    const fields: Record<string, number> = {};
    for (const { eventId, count } of counts) {
      const field = eventIdField(eventId);
      fields[field] = (fields[field] ?? 0) + count;
    }
    if (!existing && (await this.insertNew(orgId, resolution, startMs, fields, [flushId]))) return;
    const increments: Record<string, number> = {};
    for (const [field, count] of Object.entries(fields)) increments[`counts.${field}`] = count;
    await this.collection.updateOne(filter, {
      $inc: increments,
      $push: { flushes: { $each: [flushId], $slice: -REMEMBERED_FLUSHES } },
    });
  }

  /**
   * Stores a whole bucket's totals as rebuilt by the backfill from its buckets: inserted when
   * the bucket has no document (answers false when one appeared meanwhile), or, with
   * `replace`, written over the document's counts. `flushes` are the flushes the counts hold,
   * so a flush resumed later is not added again. Keyed by `_id` alone.
   */
  async store(
    orgId: string,
    resolution: BucketResolution,
    startMs: number,
    counts: ReadonlyMap<string, number>,
    flushes: readonly string[],
    replace: boolean,
  ): Promise<boolean> {
    const filter = orgTotalsFilter(orgId, resolution, startMs);
    const fields: Record<string, number> = {};
    for (const [eventId, count] of counts) fields[eventIdField(eventId)] = count;
    if (replace) {
      await this.collection.updateOne(filter, { $set: { counts: fields, flushes: [...flushes] } });
      return true;
    }
    return this.insertNew(orgId, resolution, startMs, fields, flushes);
  }

  /** Inserts the bucket's document; false when it exists already (a concurrent writer). */
  private async insertNew(
    orgId: string,
    resolution: BucketResolution,
    startMs: number,
    counts: Record<string, number>,
    flushes: readonly string[],
  ): Promise<boolean> {
    try {
      await this.collection.insertOne({
        ...orgTotalsFilter(orgId, resolution, startMs),
        orgId,
        resolution,
        start: new Date(startMs),
        counts,
        flushes: [...flushes],
      });
      return true;
    } catch (error) {
      if ((error as { code?: unknown }).code !== DUPLICATE_KEY) throw error;
      return false;
    }
  }

  /** When the named one-off migration of this collection finished, or null (read by `_id`). */
  async migrationDoneAt(name: string): Promise<Date | null> {
    const marker = await this.markers().findOne({ _id: migrationMarkerId(name) });
    return marker?.doneAt ?? null;
  }

  /** Records that the named migration finished, so later starts skip it. */
  async markMigrationDone(name: string, doneAt: Date): Promise<void> {
    await this.markers().updateOne(
      { _id: migrationMarkerId(name) },
      { $set: { doneAt } },
      { upsert: true },
    );
  }

  /**
   * Markers live in this collection, beside the documents they describe: their `_id` cannot be
   * a totals id (it starts with no resolution), and they have no `resolution`, so retention
   * never deletes them.
   */
  private markers(): mongo.Collection<MigrationMarker> {
    return this.collection as unknown as mongo.Collection<MigrationMarker>;
  }

  /** Retention: removes the documents of buckets that started before `before`. */
  async deleteStartedBefore(resolution: BucketResolution, before: Date): Promise<number> {
    const result = await this.collection.deleteMany({ resolution, start: { $lt: before } });
    return result.deletedCount;
  }
}

function toStored(doc: Pick<OrgBucketTotals, 'start' | 'counts' | 'flushes'>): StoredOrgTotals {
  const counts = new Map<string, number>();
  for (const [field, count] of Object.entries(doc.counts ?? {})) {
    counts.set(eventIdOfField(field), count);
  }
  return { startMs: doc.start.getTime(), counts, flushes: new Set(doc.flushes ?? []) };
}
