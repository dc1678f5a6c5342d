import {
  aggregateBuckets,
  type CountBucket,
  type DataFetchOptions,
  type DataQuery,
  type FormulaDataSource,
  fitsBuckets,
} from '@vantage/formula';
import { type BucketResolution, RESOLUTION_MS } from '../buckets/bucket-query';
import type { BucketReader } from '../buckets/bucket-reader';
import type { CataloguedEventIds } from '../event-ids/event-id-catalogue';
import { selectEventIds } from '../event-ids/event-id-selection';

/** Coarsest first: the fewest rows that answer a query. */
const COARSEST_FIRST: readonly BucketResolution[] = ['day', 'hour', 'minute'];

/** Bucket reads in flight at once for one evaluation: enough overlap, no stampede on MongoDB. */
const READ_CONCURRENCY = 4;

/** The oldest bucket start each resolution still holds (epoch ms), from the retention settings. */
export type RetentionCutoffs = Readonly<Record<BucketResolution, number>>;

/** The organisation's catalogued event ids, read once per evaluation when a glob needs them. */
export type EventIdsOfOrg = () => Promise<CataloguedEventIds>;

/** One read of the store: a filter at one resolution over [from, to). */
interface BucketRead {
  readonly resolution: BucketResolution;
  readonly eventIdGlob: string | undefined;
  readonly dimensions: DataQuery['dimensions'];
  readonly from: number;
  readonly to: number;
}

interface PlannedQuery {
  readonly query: DataQuery;
  readonly resolution: BucketResolution;
  /** Index of the read whose range holds this query's. */
  readonly read: number;
}

/**
 * The formula language's view of one organisation's stored counts. Each query is read at the
 * coarsest resolution that lines up with its interval and still holds its range (per-minute
 * statistics prefer minute buckets, which make them exact); queries with the same filter and
 * resolution whose ranges touch share one read (`count()` and `max()` of one glob, a window's
 * look-back). Points that start before the chosen resolution's retention cutoff are unknown
 * (null): their buckets are gone or going, and 0 would be a lie.
 */
export class BucketFormulaSource implements FormulaDataSource {
  constructor(
    private readonly reader: BucketReader,
    private readonly orgId: string,
    private readonly cutoffs: RetentionCutoffs,
    private readonly eventIdsOfOrg: EventIdsOfOrg,
  ) {}

  async fetchSeries(
    queries: readonly DataQuery[],
    { signal }: DataFetchOptions,
  ): Promise<ReadonlyArray<ReadonlyArray<number | null>>> {
    const { reads, planned } = this.plan(queries);
    const catalogued = reads.some((read) => read.eventIdGlob !== undefined)
      ? await this.eventIdsOfOrg()
      : undefined;
    const buckets = await this.readAll(reads, catalogued, signal);
    return planned.map(({ query, resolution, read }) => {
      const bucketMs = RESOLUTION_MS[resolution];
      const values: (number | null)[] = aggregateBuckets(query, buckets[read], bucketMs);
      const cutoff = this.cutoffs[resolution];
      for (let i = 0; i < values.length && query.from + i * query.intervalMs < cutoff; i++) {
        values[i] = null;
      }
      return values;
    });
  }

  /** Which resolution answers each query, and the merged reads that cover them all. */
  private plan(queries: readonly DataQuery[]): {
    reads: BucketRead[];
    planned: PlannedQuery[];
  } {
    const chosen = queries.map((query) => ({ query, resolution: this.resolutionFor(query) }));
    const byFilter = new Map<string, { from: number; to: number }[]>();
    for (const { query, resolution } of chosen) {
      const key = filterKey(resolution, query);
      const ranges = byFilter.get(key) ?? [];
      ranges.push({ from: query.from, to: query.to });
      byFilter.set(key, ranges);
    }
    const reads: BucketRead[] = [];
    const readIndex = new Map<string, { from: number; to: number; index: number }[]>();
    for (const { query, resolution } of chosen) {
      const key = filterKey(resolution, query);
      if (readIndex.has(key)) continue;
      const merged = mergeRanges(byFilter.get(key) ?? []).map((range) => {
        reads.push({
          resolution,
          eventIdGlob: query.eventIdGlob,
          dimensions: query.dimensions,
          ...range,
        });
        return { ...range, index: reads.length - 1 };
      });
      readIndex.set(key, merged);
    }
    const planned = chosen.map(({ query, resolution }) => {
      const covering = (readIndex.get(filterKey(resolution, query)) ?? []).find(
        (range) => range.from <= query.from && query.to <= range.to,
      );
      if (!covering) throw new Error(`no read covers formula query ${query.key}`);
      return { query, resolution, read: covering.index };
    });
    return { reads, planned };
  }

  /**
   * The coarsest fitting resolution that still holds the query's whole range; per-minute
   * statistics take minute buckets while they are kept. Past every retention: the coarsest
   * that fits (it keeps the most), its old points then come back unknown.
   */
  private resolutionFor(query: DataQuery): BucketResolution {
    const fitting = COARSEST_FIRST.filter((resolution) =>
      fitsBuckets(query, RESOLUTION_MS[resolution]),
    );
    if (query.aggregation !== 'count' && query.from >= this.cutoffs.minute) return 'minute';
    return (
      fitting.find((resolution) => query.from >= this.cutoffs[resolution]) ?? fitting[0] ?? 'minute'
    );
  }

  private async readAll(
    reads: readonly BucketRead[],
    catalogued: CataloguedEventIds | undefined,
    signal: AbortSignal,
  ): Promise<CountBucket[][]> {
    const results: CountBucket[][] = new Array<CountBucket[]>(reads.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < reads.length) {
        // The evaluator has already given up on an aborted fetch: start no further reads.
        signal.throwIfAborted();
        const index = next++;
        results[index] = await this.readOne(reads[index], catalogued);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(READ_CONCURRENCY, reads.length) }, () => worker()),
    );
    return results;
  }

  private async readOne(
    read: BucketRead,
    catalogued: CataloguedEventIds | undefined,
  ): Promise<CountBucket[]> {
    const selection = selectEventIds(read.eventIdGlob, catalogued);
    const points = await this.reader.series(
      {
        orgId: this.orgId,
        resolution: read.resolution,
        from: new Date(read.from),
        to: new Date(read.to),
        ...selection,
        dimensions: read.dimensions,
      },
      { fill: false },
    );
    return points.map((point) => ({ start: point.start.getTime(), count: point.count }));
  }
}

function filterKey(resolution: BucketResolution, query: DataQuery): string {
  const dimensions = Object.entries(query.dimensions).sort(([a], [b]) => (a < b ? -1 : 1));
  return JSON.stringify([resolution, query.eventIdGlob ?? null, dimensions]);
}

/** Overlapping or touching ranges become one, so a shared read never reads a bucket twice. */
function mergeRanges(
  ranges: readonly { from: number; to: number }[],
): { from: number; to: number }[] {
  const sorted = [...ranges].sort((a, b) => a.from - b.from);
  const merged: { from: number; to: number }[] = [];
  for (const range of sorted) {
    const last = merged[merged.length - 1];
    if (last && range.from <= last.to) last.to = Math.max(last.to, range.to);
    else merged.push({ ...range });
  }
  return merged;
}
