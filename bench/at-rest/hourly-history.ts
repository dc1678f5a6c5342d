// A small customer's history: one count per hour for 14 days for each of 100 event ids.
const DAYS = 14;
const EVENT_IDS = 100;
const HOUR_MS = 3_600_000;
/** Events per request (the API takes up to 5,000). */
const BATCH = 5000;

export const HISTORY_EVENTS = DAYS * 24 * EVENT_IDS;

export interface HistoryEvent {
  readonly eventId: string;
  readonly timestamp: number;
  readonly count: number;
}

/**
 * The history in request-sized batches, hour by hour from the newest: the newest a minute
 * before `now` (its minute closed, so flushable at once), the oldest inside the 14 days that
 * ingest accepts.
 */
export function* historyBatches(now: number): Generator<HistoryEvent[]> {
  let batch: HistoryEvent[] = [];
  for (let hour = 0; hour < DAYS * 24; hour++) {
    for (let id = 0; id < EVENT_IDS; id++) {
      batch.push({
        eventId: `history.event.${id}`,
        timestamp: now - 60_000 - hour * HOUR_MS,
        count: 1 + ((hour * 7 + id) % 50),
      });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length > 0) yield batch;
}
