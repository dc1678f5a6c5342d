import mongoose from 'mongoose';

/** One call the app made on a collection, as mongoose's debug hook reports it. */
export interface StoreCall {
  readonly collection: string;
  readonly method: string;
  /** The first argument: the filter of a find, update or delete. */
  readonly filter: Record<string, unknown>;
}

/**
 * The calls the app makes on its collections while `run` runs: what a test needs to say that
 * a path reads by key, or reads nothing (the app and the test share one mongoose).
 */
export async function storeCallsDuring(run: () => Promise<unknown>): Promise<StoreCall[]> {
  const calls: StoreCall[] = [];
  mongoose.set('debug', (collection: string, method: string, filter: unknown) => {
    calls.push({ collection, method, filter: (filter ?? {}) as Record<string, unknown> });
  });
  try {
    await run();
  } finally {
    mongoose.set('debug', false);
  }
  return calls;
}

/** The filters of the finds on the bucket collections among `calls`. */
export function bucketFinds(calls: readonly StoreCall[]): Record<string, unknown>[] {
  return calls
    .filter((call) => call.collection.startsWith('traffic_buckets_') && call.method === 'find')
    .map((call) => call.filter);
}
