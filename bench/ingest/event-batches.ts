// The events both paths store: batches of 1,000 over 10,000 event ids, every id equally often
// (round robin, so a batch holds 1,000 distinct ids: the least a batch can be summed), no
// dimensions, timestamped when the batch is made, as an agent sending live traffic would.

export const BATCH_SIZE = 1000;
export const EVENT_IDS = 10_000;

export interface BenchEvent {
  readonly eventId: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
}

const ids = Array.from(
  { length: EVENT_IDS },
  (_, i) => `bench.app.screen_${String(i).padStart(5, '0')}.view`,
);

/** Batch number `n` of a run: the same ids for the same n, in both paths. */
export function eventBatch(n: number, now = Date.now()): BenchEvent[] {
  const first = (n * BATCH_SIZE) % EVENT_IDS;
  return Array.from({ length: BATCH_SIZE }, (_, i) => ({
    eventId: ids[(first + i) % EVENT_IDS] as string,
    timestamp: now,
  }));
}
