// Documents and operations shaped like traffic-monitor's buckets (one document per org, event
// id and hour), and the query shapes the services send: by `_id` alone, by `_id` with a guard in
// the filter (what issue 15 removes), find-and-modify, a time range over a compound index, bulk
// inserts. Every operation picks an existing document at random, so caches see a realistic spread.
import { randomUUID } from 'node:crypto';
import type { mongo } from 'mongoose';

export interface BucketDoc {
  _id: string;
  orgId: string;
  eventId: string;
  dims: { country: string; device: string };
  start: Date;
  count: number;
  flushes: string[];
}

export const ORGS = 10;
export const EVENTS_PER_ORG = 50;
const HOUR_MS = 3_600_000;
const EPOCH = Date.UTC(2026, 0, 1);
export const INDEX = { orgId: 1, eventId: 1, start: 1 } as const;

/** `size` buckets: every org × event id, then hour after hour. */
export function bucketAt(i: number, hourOffset = 0): BucketDoc {
  const series = ORGS * EVENTS_PER_ORG;
  const orgId = `org${i % ORGS}`;
  const eventId = `event${Math.floor(i / ORGS) % EVENTS_PER_ORG}`;
  const start = new Date(EPOCH + (Math.floor(i / series) + hourOffset) * HOUR_MS);
  return {
    _id: `${orgId}:${eventId}:${start.toISOString()}`,
    orgId,
    eventId,
    dims: { country: 'DE', device: i % 2 === 0 ? 'mobile' : 'desktop' },
    start,
    count: 1 + (i % 97),
    flushes: [`flush-${i}-a`, `flush-${i}-b`, `flush-${i}-c`],
  };
}

export async function fillBuckets(
  collection: mongo.Collection<BucketDoc>,
  size: number,
): Promise<void> {
  await collection.drop().catch(() => undefined);
  await collection.createIndex(INDEX);
  for (let from = 0; from < size; from += 1000) {
    const docs: BucketDoc[] = [];
    for (let i = from; i < Math.min(size, from + 1000); i += 1) docs.push(bucketAt(i));
    await collection.insertMany(docs, { ordered: false });
  }
}

export type ShapeName =
  | 'update_by_id'
  | 'update_by_id_and_ne'
  | 'find_one_and_update_by_id'
  | 'find_by_id'
  | 'find_range_indexed'
  | 'insert_many_1000';

export interface Shape {
  readonly name: ShapeName;
  /** Documents one operation touches, to report documents/s where that is what matters. */
  readonly docsPerOp: number;
  /** One operation against a collection holding `size` buckets. */
  op(collection: mongo.Collection<BucketDoc>, size: number): Promise<unknown>;
}

const randomIndex = (size: number): number => Math.floor(Math.random() * size);
const flushUpdate = (): mongo.UpdateFilter<BucketDoc> => ({
  $inc: { count: 1 },
  $push: { flushes: randomUUID() },
});

/** Inserts go to batches of hours after the pre-filled ones, so the collection grows as it would. */
let insertedBatches = 0;

export const SHAPES: readonly Shape[] = [
  {
    name: 'update_by_id',
    docsPerOp: 1,
    op: (c, size) => c.updateOne({ _id: bucketAt(randomIndex(size))._id }, flushUpdate()),
  },
  {
    name: 'update_by_id_and_ne',
    docsPerOp: 1,
    op: (c, size) =>
      c.updateOne(
        { _id: bucketAt(randomIndex(size))._id, flushes: { $ne: randomUUID() } },
        flushUpdate(),
      ),
  },
  {
    name: 'find_one_and_update_by_id',
    docsPerOp: 1,
    op: (c, size) =>
      c.findOneAndUpdate({ _id: bucketAt(randomIndex(size))._id }, flushUpdate(), {
        returnDocument: 'before',
      }),
  },
  {
    name: 'find_by_id',
    docsPerOp: 1,
    op: (c, size) => c.findOne({ _id: bucketAt(randomIndex(size))._id }),
  },
  {
    name: 'find_range_indexed',
    // A day of one series (fewer when the collection holds less than a day).
    docsPerOp: 24,
    op: (c, size) => {
      const first = bucketAt(randomIndex(size));
      return c
        .find({
          orgId: first.orgId,
          eventId: first.eventId,
          start: { $gte: first.start, $lt: new Date(first.start.getTime() + 24 * HOUR_MS) },
        })
        .toArray();
    },
  },
  {
    name: 'insert_many_1000',
    docsPerOp: 1000,
    op: (c, size) => {
      insertedBatches += 1;
      const hours = Math.ceil(size / (ORGS * EVENTS_PER_ORG)) + insertedBatches * 10;
      const docs = Array.from({ length: 1000 }, (_, i) => bucketAt(i, hours));
      return c.insertMany(docs, { ordered: false });
    },
  },
];
