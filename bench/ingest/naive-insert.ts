// The path the bucket pattern is measured against: one document per event, insertMany per
// batch, into a scratch collection of the same database server.
import type { mongo } from 'mongoose';
import { ClosedLoopResult, runClosedLoop } from '../support/closed-loop';
import { BATCH_SIZE, eventBatch } from './event-batches';

export interface NaiveResult {
  readonly loop: ClosedLoopResult;
  readonly stored: number;
}

interface NaiveEvent {
  readonly orgId: string;
  readonly eventId: string;
  readonly timestamp: Date;
  readonly count: number;
}

/** Inserts `batches` batches (batch numbers from `firstBatch`), `concurrency` in flight. */
export async function insertNaively(
  collection: mongo.Collection<NaiveEvent>,
  orgId: string,
  options: { readonly batches: number; readonly concurrency: number; readonly firstBatch?: number },
): Promise<NaiveResult> {
  let next = options.firstBatch ?? 0;
  const loop = await runClosedLoop(
    async () => {
      const docs = eventBatch(next++).map((event) => ({
        orgId,
        eventId: event.eventId,
        timestamp: new Date(event.timestamp),
        count: 1,
      }));
      const result = await collection.insertMany(docs, { ordered: false });
      if (result.insertedCount !== BATCH_SIZE) {
        throw new Error(`insertMany stored ${result.insertedCount} of ${BATCH_SIZE}`);
      }
    },
    { concurrency: options.concurrency, durationMs: 30 * 60_000, maxOps: options.batches },
  );
  return { loop, stored: await collection.countDocuments({ orgId }) };
}
