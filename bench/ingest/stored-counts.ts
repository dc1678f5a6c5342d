// What MongoDB holds after a run, read straight from the collections (the bench's own check,
// independent of the service's reader).
import type { mongo } from 'mongoose';

export const BUCKET_COLLECTIONS = {
  minute: 'traffic_buckets_minute',
  hour: 'traffic_buckets_hour',
  day: 'traffic_buckets_day',
} as const;

export type Resolution = keyof typeof BUCKET_COLLECTIONS;

export interface StoredTotals {
  readonly events: Record<Resolution, number>;
  readonly documents: Record<Resolution, number>;
}

/** Sum of `count` and number of bucket documents of one org, per resolution. */
export async function storedTotals(db: mongo.Db, orgId: string): Promise<StoredTotals> {
  const events = { minute: 0, hour: 0, day: 0 };
  const documents = { minute: 0, hour: 0, day: 0 };
  for (const resolution of Object.keys(BUCKET_COLLECTIONS) as Resolution[]) {
    const collection = db.collection<{ orgId: string; count: number }>(
      BUCKET_COLLECTIONS[resolution],
    );
    // One accumulator per $group: FerretDB v1 ignores the others.
    const [sum] = await collection
      .aggregate<{ total: number }>([
        { $match: { orgId } },
        { $group: { _id: null, total: { $sum: '$count' } } },
      ])
      .toArray();
    events[resolution] = sum?.total ?? 0;
    documents[resolution] = await collection.countDocuments({ orgId });
  }
  return { events, documents };
}
