import { KeyedTurns } from '@vantage/service-runtime';
import { mongo } from 'mongoose';

const DUPLICATE_KEY = 11000;

/** Writers of one shared document in this replica, by collection and `_id` (see upsertById). */
const writers = new KeyedTurns();

/**
 * `updateOne(filter, update, { upsert: true })` on a document several writers share (an
 * organisation's, or the registry of them), retried once when a concurrent upsert inserted it
 * first: the loser gets E11000 (FerretDB does not retry it as MongoDB does) and the retry
 * updates the document the winner made. Writers of one document take turns in this replica:
 * FerretDB v1 runs an update as a read, then a write, so two at once can lose one's change
 * (even `$min`, `$addToSet`).
 */
export function upsertById<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  filter: mongo.Filter<T> & { readonly _id: string },
  update: mongo.UpdateFilter<T>,
): Promise<void> {
  return writers.run(`${collection.collectionName}\u001f${filter._id}`, async () => {
    try {
      await collection.updateOne(filter, update, { upsert: true });
    } catch (error) {
      if (!(error instanceof mongo.MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
      await collection.updateOne(filter, update, { upsert: true });
    }
  });
}
