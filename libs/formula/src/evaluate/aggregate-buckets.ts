import type { DataQuery } from './data-query';
import { MINUTE_MS } from './time-grid';

/** A stored count: events of one series (or several, summed) in the bucket starting at `start`. */
export interface CountBucket {
  /** Epoch ms of the bucket start. */
  readonly start: number;
  readonly count: number;
}

/**
 * Whether buckets `bucketMs` wide can answer the query exactly on interval boundaries: the
 * width divides the interval and the query starts on a bucket boundary. Minute buckets always
 * fit; hour buckets fit hourly-or-coarser intervals on the hour; day buckets daily ones at
 * UTC midnight.
 */
export function fitsBuckets(query: DataQuery, bucketMs: number): boolean {
  return (
    bucketMs > 0 &&
    bucketMs % MINUTE_MS === 0 &&
    query.intervalMs % bucketMs === 0 &&
    query.from % bucketMs === 0
  );
}

/**
 * Computes a query's values from stored buckets: the reference definition of every
 * aggregation, for the service to use on what it reads (any number of rows per bucket start,
 * e.g. one per event id and dimension set, in any order; starts outside [from, to) are ignored).
 *
 * In each interval, with m_1..m_k the per-minute event counts (a minute with nothing stored
 * is 0):
 * - count: the sum of m_i, the events in the interval;
 * - min, max: the smallest and largest m_i;
 * - standard_deviation: sqrt(sum((m_i - mean)^2) / k), the population standard deviation;
 * - percentile p: the value at rank h = (k - 1) * p / 100 in the sorted m_i, interpolated
 *   linearly between the two nearest ranks.
 *
 * With buckets coarser than a minute (hour or day buckets past the minute retention), `count`
 * stays exact; the other statistics treat each bucket as that many minutes of equal counts
 * (an hour of 600 events is sixty minutes of 10), which is the best the stored data allows.
 *
 * Throws RangeError when the buckets do not fit the query (see fitsBuckets).
 */
export function aggregateBuckets(
  query: DataQuery,
  buckets: Iterable<CountBucket>,
  bucketMs: number,
): number[] {
  if (!fitsBuckets(query, bucketMs)) {
    throw new RangeError(
      `${bucketMs} ms buckets do not fit intervals of ${query.intervalMs} ms from ${query.from}`,
    );
  }
  const perInterval = query.intervalMs / bucketMs;
  // Sparse: only buckets that hold counts, keyed by bucket index from query.from.
  const sums = new Map<number, number>();
  for (const bucket of buckets) {
    if (bucket.start < query.from || bucket.start >= query.to) continue;
    const index = Math.floor((bucket.start - query.from) / bucketMs);
    sums.set(index, (sums.get(index) ?? 0) + bucket.count);
  }
  const byInterval: number[][] = Array.from({ length: query.points }, () => []);
  for (const [index, sum] of sums) byInterval[Math.floor(index / perInterval)].push(sum);

  const minutesPerBucket = bucketMs / MINUTE_MS;
  return byInterval.map((stored) => {
    if (query.aggregation === 'count') return stored.reduce((total, x) => total + x, 0);
    const rates = stored.map((x) => x / minutesPerBucket);
    return statistic(query, rates, perInterval - stored.length, minutesPerBucket);
  });
}

/**
 * A statistic over the per-minute values of one interval, given as the per-minute rate of
 * each stored bucket (each standing for `multiplicity` minutes) and the number of buckets with
 * nothing stored (whose minutes are 0).
 */
function statistic(
  query: DataQuery,
  rates: readonly number[],
  emptyBuckets: number,
  multiplicity: number,
): number {
  const values = emptyBuckets > 0 ? [...rates, 0] : [...rates];
  switch (query.aggregation) {
    case 'count':
      return rates.reduce((total, x) => total + x * multiplicity, 0);
    case 'min':
      return Math.min(...values);
    case 'max':
      return Math.max(...values);
    case 'standard_deviation': {
      const buckets = rates.length + emptyBuckets;
      const mean = rates.reduce((total, x) => total + x, 0) / buckets;
      const squares =
        rates.reduce((total, x) => total + (x - mean) ** 2, 0) + emptyBuckets * mean ** 2;
      return Math.sqrt(squares / buckets);
    }
    case 'percentile':
      return percentileOfRuns(rates, emptyBuckets, multiplicity, query.percentile ?? 50);
  }
}

/** Percentile (linear between nearest ranks) of a multiset given as runs of equal values. */
function percentileOfRuns(
  rates: readonly number[],
  emptyBuckets: number,
  multiplicity: number,
  percentile: number,
): number {
  const runs = rates.map((value) => ({ value, size: multiplicity }));
  if (emptyBuckets > 0) runs.push({ value: 0, size: emptyBuckets * multiplicity });
  runs.sort((a, b) => a.value - b.value);
  const total = runs.reduce((sum, run) => sum + run.size, 0);
  const rank = ((total - 1) * percentile) / 100;
  const at = (position: number): number => {
    let remaining = position;
    for (const run of runs) {
      if (remaining < run.size) return run.value;
      remaining -= run.size;
    }
    return runs[runs.length - 1].value;
  };
  const lower = Math.floor(rank);
  const low = at(lower);
  return low + (rank - lower) * (at(Math.ceil(rank)) - low);
}
