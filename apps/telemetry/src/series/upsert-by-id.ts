import { mongo } from 'mongoose';

const DUPLICATE_KEY = 11000;

/**
 * `updateOne(filter, update, { upsert: true })` on a per-organisation document, retried once
 * when a concurrent upsert inserted it first: the loser gets E11000 (FerretDB does not retry
 * it as MongoDB does) and the retry updates the document the winner made.
 */
export async function upsertById<T extends mongo.Document>(
  collection: mongo.Collection<T>,
  filter: mongo.Filter<T>,
  update: mongo.UpdateFilter<T>,
): Promise<void> {
  try {
    await collection.updateOne(filter, update, { upsert: true });
  } catch (error) {
    if (!(error instanceof mongo.MongoServerError) || error.code !== DUPLICATE_KEY) throw error;
    await collection.updateOne(filter, update, { upsert: true });
  }
}
