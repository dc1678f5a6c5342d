import { aggregateBuckets, type CountBucket } from '../evaluate/aggregate-buckets';
import type { DataQuery, FormulaDataSource, FormulaDimensionKey } from '../evaluate/data-query';
import { compileEventIdGlob } from '../evaluate/event-id-glob';
import { MINUTE_MS } from '../evaluate/time-grid';

/** One stored event (or `count` of them) for the in-memory source. */
export interface TestEvent {
  readonly eventId: string;
  readonly timestamp: number | Date;
  /** Default 1. */
  readonly count?: number;
  readonly dimensions?: Readonly<Partial<Record<FormulaDimensionKey, string>>>;
}

export interface InMemorySource extends FormulaDataSource {
  /** The query batches received, one entry per fetchSeries call. */
  readonly batches: DataQuery[][];
}

/**
 * A FormulaDataSource over events held in memory, bucketed per minute and aggregated with
 * aggregateBuckets: the same definitions the service applies to what it stores. For tests and
 * as a reference implementation.
 */
export function createInMemorySource(events: readonly TestEvent[]): InMemorySource {
  const batches: DataQuery[][] = [];
  return {
    batches,
    async fetchSeries(queries) {
      batches.push([...queries]);
      return queries.map((query) => aggregateBuckets(query, bucketsFor(events, query), MINUTE_MS));
    },
  };
}

function bucketsFor(events: readonly TestEvent[], query: DataQuery): CountBucket[] {
  const glob = query.eventIdGlob === undefined ? undefined : compileEventIdGlob(query.eventIdGlob);
  const wanted = Object.entries(query.dimensions) as [FormulaDimensionKey, string][];
  return events
    .filter((event) => glob === undefined || glob(event.eventId))
    .filter((event) => wanted.every(([key, value]) => event.dimensions?.[key] === value))
    .map((event) => {
      const at = event.timestamp instanceof Date ? event.timestamp.getTime() : event.timestamp;
      return { start: Math.floor(at / MINUTE_MS) * MINUTE_MS, count: event.count ?? 1 };
    });
}
