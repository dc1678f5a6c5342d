import {
  incrementOnce,
  KeyedTurns,
  mapConcurrently,
  type OnceIncrement,
  type WriteIdLedger,
} from '@vantage/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import type { BucketAggregate } from './bucket-aggregation';
import {
  MAX_TRACKED_TIMESTAMPS,
  POINTS_MODEL,
  PointsBucket,
  type PointsResolution,
  REMEMBERED_BATCHES,
} from './points.schema';
import { latestKeyOf, type LatestSample, parseLatestKey } from './latest-sample-key';
import { pointsDocId } from './series-identity';

/** What one batch adds to one bucket of one series. */
export interface BucketWrite extends BucketAggregate {
  readonly seriesId: string;
  /** Minute buckets: the valid samples' timestamps. */
  readonly ts?: readonly number[];
  readonly nonFinite?: number;
  readonly negative?: number;
}

/** A minute bucket as quality reads it. */
export interface QualityBucket {
  readonly seriesId: string;
  readonly startMs: number;
  readonly count: number;
  readonly lastTs?: number;
  readonly ts: readonly number[];
  readonly nonFinite: number;
  readonly negative: number;
}

const DUPLICATE_KEY = 11000;
/** What aggregateOf reads of a stored bucket (`latest`, or `last`/`lastTs` of older buckets). */
const AGGREGATE_FIELDS = {
  _id: 0,
  start: 1,
  count: 1,
  sum: 1,
  min: 1,
  max: 1,
  last: 1,
  lastTs: 1,
  latest: 1,
} as const;
const INSERT_CHUNK = 2000;
/**
 * Writes to existing buckets in flight at once. The store has one writer (SQLite): more would
 * only queue there, and FerretDB v1 holds a connection per statement in flight.
 */
const PARALLEL_WRITES = 4;
const READ_BATCH = 5000;

type StoredBucket = Pick<
  PointsBucket,
  | 'seriesId'
  | 'start'
  | 'count'
  | 'sum'
  | 'min'
  | 'max'
  | 'last'
  | 'lastTs'
  | 'latest'
  | 'ts'
  | 'nonFinite'
  | 'negative'
>;

/** The only place that touches the points collections (minute buckets and hourly rollups). */
@Injectable()
export class PointsRepository {
  private readonly collections: Record<PointsResolution, mongo.Collection<PointsBucket>>;
  /** The last apply of each batch in progress in this replica (see apply). */
  private readonly applying = new KeyedTurns();

  constructor(
    @InjectModel(POINTS_MODEL.minute) minute: Model<PointsBucket>,
    @InjectModel(POINTS_MODEL.hour) hour: Model<PointsBucket>,
  ) {
    // The driver's collections: one batch is thousands of bucket writes, and mongoose's
    // per-operation casting would cost more than the round trip.
    this.collections = {
      minute: minute.collection as unknown as mongo.Collection<PointsBucket>,
      hour: hour.collection as unknown as mongo.Collection<PointsBucket>,
    };
  }

  /**
   * Adds a batch's aggregates to their buckets, at most once per `batchId`: a batch applied
   * again (a retry after a crash, a concurrent duplicate) changes nothing twice.
   *
   * New buckets are inserted in bulk (the common case: a bucket's first batch); a duplicate
   * `_id` means the bucket exists, and it gets addToExisting: writes addressed by `_id` alone,
   * the only filter the store does not scan the collection for (see incrementOnce).
   */
  async apply(
    resolution: PointsResolution,
    orgId: string,
    batchId: string,
    writes: readonly BucketWrite[],
  ): Promise<void> {
    // Copies of one batch in this replica go one after the other. FerretDB v1 runs an update
    // as a read, then a write of the document it computed (not atomically), so copies writing
    // one bucket at once could each miss the other's batch id; after each other, the later
    // copy's pre-image holds it. (MongoDB's findAndModify is atomic across replicas too.)
    await this.applying.run(`${resolution}\u001f${orgId}\u001f${batchId}`, () =>
      this.applyOnce(resolution, orgId, batchId, writes),
    );
  }

  private async applyOnce(
    resolution: PointsResolution,
    orgId: string,
    batchId: string,
    writes: readonly BucketWrite[],
  ): Promise<void> {
    const collection = this.collections[resolution];
    for (let at = 0; at < writes.length; at += INSERT_CHUNK) {
      const chunk = writes.slice(at, at + INSERT_CHUNK);
      const existing = await insertNew(
        collection,
        chunk.map((write) => newDocument(orgId, batchId, write)),
      );
      await mapConcurrently(existing, PARALLEL_WRITES, (index) =>
        addToExisting(collection, orgId, batchId, chunk[index] as BucketWrite),
      );
    }
  }

  /** The buckets of one series with start in [from, to), by start. */
  async read(
    resolution: PointsResolution,
    orgId: string,
    seriesId: string,
    fromMs: number,
    toMs: number,
  ): Promise<BucketAggregate[]> {
    const cursor = this.collections[resolution]
      .find(
        { orgId, seriesId, start: { $gte: new Date(fromMs), $lt: new Date(toMs) } },
        { projection: AGGREGATE_FIELDS },
      )
      .batchSize(READ_BATCH);
    const buckets: BucketAggregate[] = [];
    for await (const doc of cursor as unknown as AsyncIterable<StoredBucket>) {
      buckets.push(aggregateOf(doc));
    }
    return buckets.sort((a, b) => a.startMs - b.startMs);
  }

  /**
   * The buckets of several series of one org with start in [from, to), by series then start:
   * one query where a read per series would cost a round trip (and a scan on FerretDB) each.
   */
  async readMany(
    resolution: PointsResolution,
    orgId: string,
    seriesIds: readonly string[],
    fromMs: number,
    toMs: number,
  ): Promise<Map<string, BucketAggregate[]>> {
    const bySeries = new Map<string, BucketAggregate[]>(seriesIds.map((id) => [id, []]));
    if (seriesIds.length === 0) return bySeries;
    const cursor = this.collections[resolution]
      .find(
        {
          orgId,
          seriesId: { $in: [...seriesIds] },
          start: { $gte: new Date(fromMs), $lt: new Date(toMs) },
        },
        { projection: { ...AGGREGATE_FIELDS, seriesId: 1 } },
      )
      .batchSize(READ_BATCH);
    for await (const doc of cursor as unknown as AsyncIterable<StoredBucket>) {
      bySeries.get(doc.seriesId)?.push(aggregateOf(doc));
    }
    for (const buckets of bySeries.values()) buckets.sort((a, b) => a.startMs - b.startMs);
    return bySeries;
  }

  /** Minute buckets with what quality needs, of one series or (no seriesId) of the whole org. */
  async forEachQualityBucket(
    orgId: string,
    seriesId: string | undefined,
    fromMs: number,
    toMs: number,
    visit: (bucket: QualityBucket) => void,
  ): Promise<void> {
    const filter: mongo.Filter<PointsBucket> = {
      orgId,
      start: { $gte: new Date(fromMs), $lt: new Date(toMs) },
      ...(seriesId === undefined ? {} : { seriesId }),
    };
    const cursor = this.collections.minute
      .find(filter, {
        projection: {
          _id: 0,
          seriesId: 1,
          start: 1,
          count: 1,
          lastTs: 1,
          latest: 1,
          ts: 1,
          nonFinite: 1,
          negative: 1,
        },
      })
      .batchSize(READ_BATCH);
    for await (const doc of cursor as unknown as AsyncIterable<StoredBucket>) {
      const lastTs = latestOf(doc)?.lastTs;
      visit({
        seriesId: doc.seriesId,
        startMs: doc.start.getTime(),
        count: doc.count,
        ...(lastTs === undefined ? {} : { lastTs }),
        ts: doc.ts ?? [],
        nonFinite: doc.nonFinite ?? 0,
        negative: doc.negative ?? 0,
      });
    }
  }

  /** Retention: removes every bucket that started before `before`; answers how many. */
  async deleteStartedBefore(resolution: PointsResolution, before: Date): Promise<number> {
    const result = await this.collections[resolution].deleteMany({ start: { $lt: before } });
    return result.deletedCount;
  }
}

function newDocument(orgId: string, batchId: string, write: BucketWrite): PointsBucket {
  const doc: PointsBucket = {
    _id: pointsDocId(orgId, write.seriesId, write.startMs),
    orgId,
    seriesId: write.seriesId,
    start: new Date(write.startMs),
    count: write.count,
    sum: write.sum,
    batches: [batchId],
  };
  if (write.count > 0) {
    Object.assign(doc, {
      min: write.min,
      max: write.max,
      latest: latestKeyOf(latestOfWrite(write)),
    });
  }
  if (write.ts !== undefined) doc.ts = write.ts.slice(0, MAX_TRACKED_TIMESTAMPS);
  if (write.nonFinite) doc.nonFinite = write.nonFinite;
  if (write.negative) doc.negative = write.negative;
  return doc;
}

/** One bucket write as a once-per-batch increment: counts added, min/max/latest idempotent. */
function bucketIncrement(orgId: string, write: BucketWrite): OnceIncrement {
  return {
    _id: pointsDocId(orgId, write.seriesId, write.startMs),
    inc: {
      count: write.count,
      sum: write.sum,
      ...(write.nonFinite ? { nonFinite: write.nonFinite } : {}),
      ...(write.negative ? { negative: write.negative } : {}),
    },
    ...(write.count > 0
      ? {
          idempotent: {
            $min: { min: write.min },
            $max: { max: write.max, latest: latestKeyOf(latestOfWrite(write)) },
          },
        }
      : {}),
  };
}

/** Where a bucket records the batches applied to it. */
function batchLedger(batchId: string): WriteIdLedger {
  return { field: 'batches', writeId: batchId, remembered: REMEMBERED_BATCHES };
}

/**
 * Adds one batch's write to a bucket that exists, at most once, with writes addressed by `_id`
 * alone (incrementOnce: the batch id is recorded in the bucket and a repeat is taken back out).
 * Timestamps cannot be taken back out exactly (`$pull` removes every equal value, other
 * batches' too), so they are pushed in a second write, only by the copy that found the batch
 * new. A crash between the two loses the batch's timestamps (quality's duplicates and gaps) in
 * that bucket, never its counts.
 */
async function addToExisting(
  collection: mongo.Collection<PointsBucket>,
  orgId: string,
  batchId: string,
  write: BucketWrite,
): Promise<void> {
  const increment = bucketIncrement(orgId, write);
  const outcome = await incrementOnce(collection, increment, batchLedger(batchId));
  // 'missing': gone since the insert found it (only retention deletes buckets, expired ones).
  if (outcome !== 'added' || write.ts === undefined || write.ts.length === 0) return;
  await collection.updateOne({ _id: increment._id }, {
    $push: { ts: { $each: [...write.ts], $slice: MAX_TRACKED_TIMESTAMPS } },
  } as mongo.UpdateFilter<PointsBucket>);
}

/** Inserts the documents whose `_id` is new; answers the indexes of those that exist. */
async function insertNew(
  collection: mongo.Collection<PointsBucket>,
  documents: PointsBucket[],
): Promise<number[]> {
  try {
    await collection.insertMany(documents, { ordered: false });
    return [];
  } catch (error) {
    if (!(error instanceof mongo.MongoBulkWriteError) || error.writeConcernError) throw error;
    const writeErrors = Array.isArray(error.writeErrors) ? error.writeErrors : [error.writeErrors];
    if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
    return writeErrors.map((writeError) => writeError.index);
  }
}

function aggregateOf(doc: StoredBucket): BucketAggregate {
  return {
    startMs: doc.start.getTime(),
    count: doc.count,
    sum: doc.sum,
    ...(doc.min === undefined ? {} : { min: doc.min }),
    ...(doc.max === undefined ? {} : { max: doc.max }),
    ...latestOf(doc),
  };
}

/** A write with samples carries its latest (bucketWrites sets `last` with `count`). */
function latestOfWrite(write: BucketWrite): LatestSample {
  return { last: write.last as number, lastTs: write.lastTs as number };
}

/**
 * The latest sample of a stored bucket: from its key, or from the `last`/`lastTs` fields that
 * buckets written before the key existed hold (whichever is later).
 */
function latestOf(doc: Pick<StoredBucket, 'last' | 'lastTs' | 'latest'>): LatestSample | undefined {
  const fromKey = doc.latest === undefined ? undefined : parseLatestKey(doc.latest);
  const legacy =
    doc.last === undefined || doc.lastTs === undefined
      ? undefined
      : { last: doc.last, lastTs: doc.lastTs };
  if (fromKey === undefined) return legacy;
  if (legacy === undefined) return fromKey;
  return legacy.lastTs > fromKey.lastTs ? legacy : fromKey;
}
