import type { mongo } from 'mongoose';

/** One keyed increment that a write id (a flush, a batch) may apply at most once. */
export interface OnceIncrement {
  /** The document's `_id`: the whole filter (see incrementOnce). */
  readonly _id: string;
  /** Added with `$inc`; taken back out with the opposite signs when the write is a repeat. */
  readonly inc: Readonly<Record<string, number>>;
  /** Other operators of the same update that a repeat leaves as they were (`$min`, `$max`). */
  readonly idempotent?: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
}

/** Where a document records the ids of the writes applied to it. */
export interface WriteIdLedger {
  readonly field: string;
  readonly writeId: string;
  /** How many of the latest ids the document keeps. */
  readonly remembered: number;
}

/** The writes incrementOnce may send, each addressed by `_id` alone (for explain tests too). */
export interface OnceIncrementWrites<T extends mongo.Document> {
  readonly filter: mongo.Filter<T>;
  /** The increment and the write id, in one update. */
  readonly update: mongo.UpdateFilter<T>;
  /** Takes the increment back out when the write id was there already. */
  readonly compensation: mongo.UpdateFilter<T>;
}

/** What incrementOnce did: added, found the write id there already, or found no document. */
export type IncrementOutcome = 'added' | 'repeat' | 'missing';

export function onceIncrementWrites<T extends mongo.Document>(
  increment: OnceIncrement,
  ledger: WriteIdLedger,
): OnceIncrementWrites<T> {
  const negated: Record<string, number> = {};
  for (const [field, by] of Object.entries(increment.inc)) negated[field] = -by;
  return {
    filter: { _id: increment._id } as mongo.Filter<T>,
    update: {
      ...increment.idempotent,
      $inc: increment.inc,
      $push: { [ledger.field]: { $each: [ledger.writeId], $slice: -ledger.remembered } },
    } as unknown as mongo.UpdateFilter<T>,
    compensation: { $inc: negated } as unknown as mongo.UpdateFilter<T>,
  };
}

/**
 * Adds to an existing document at most once per write id, with a filter of `_id` alone: any
 * other filter (such as `{ids: {$ne: writeId}}`) makes FerretDB v1 decode every document of the
 * collection per write. The guard moves into the document instead: the update records the write
 * id and reads the document as it was before (one findAndModify, atomic on MongoDB). If that
 * pre-image already held the id, the write had been applied (a retry, or a copy racing this
 * one: whichever comes second sees the first's id), and a negative `$inc`, which commutes with
 * any other write in between, takes the increment back. Readers may see the doubled counts
 * between the two writes. FerretDB v1 runs an update as read, change, write without isolation:
 * two copies of one write still count once there (both changed the same pre-image, or the
 * second saw the first's id), but concurrent writers of different ids may lose one
 * (KeyedTurns serialises them in a process).
 */
export async function incrementOnce<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  increment: OnceIncrement,
  ledger: WriteIdLedger,
): Promise<IncrementOutcome> {
  const writes = onceIncrementWrites<T>(increment, ledger);
  // No projection: FerretDB v1's findAndModify does not implement `fields`.
  const before = await collection.findOneAndUpdate(writes.filter, writes.update, {
    returnDocument: 'before',
  });
  if (before === null) return 'missing';
  const ids: unknown = (before as Record<string, unknown>)[ledger.field];
  if (!Array.isArray(ids) || !ids.includes(ledger.writeId)) return 'added';
  await collection.updateOne(writes.filter, writes.compensation);
  return 'repeat';
}
