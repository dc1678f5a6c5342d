import type { CumulativeBucket } from './latency-quantile';

/** What prom-client's `Histogram.get()` answers, reduced to what the deltas need. */
export interface HistogramValues {
  readonly values: readonly {
    readonly labels: Readonly<Record<string, string | number | undefined>>;
    readonly value: number;
    readonly metricName?: string;
  }[];
}

/** One label set of a histogram at one instant (or the difference of two instants). */
export interface HistogramSeries {
  readonly labels: Readonly<Record<string, string>>;
  readonly count: number;
  /** Cumulative, sorted by `le`, +Inf last. */
  readonly buckets: readonly CumulativeBucket[];
}

/** Label sets of a histogram keyed by their labels (without `le`). */
export type HistogramSnapshot = ReadonlyMap<string, HistogramSeries>;

export function snapshotOf(values: HistogramValues): HistogramSnapshot {
  const building = new Map<
    string,
    { labels: Record<string, string>; count: number; buckets: Map<number, number> }
  >();
  for (const entry of values.values) {
    const labels: Record<string, string> = {};
    let le: number | undefined;
    for (const [name, value] of Object.entries(entry.labels)) {
      if (value === undefined) continue;
      if (name === 'le') le = value === '+Inf' ? Infinity : Number(value);
      else labels[name] = String(value);
    }
    const key = labelsKey(labels);
    const series = building.get(key) ?? { labels, count: 0, buckets: new Map<number, number>() };
    building.set(key, series);
    if (entry.metricName?.endsWith('_bucket') && le !== undefined) {
      series.buckets.set(le, entry.value);
    } else if (entry.metricName?.endsWith('_count')) {
      series.count = entry.value;
    }
  }
  const snapshot = new Map<string, HistogramSeries>();
  for (const [key, series] of building) {
    const buckets = [...series.buckets]
      .sort(([a], [b]) => a - b)
      .map(([le, count]) => ({ le, count }));
    snapshot.set(key, { labels: series.labels, count: series.count, buckets });
  }
  return snapshot;
}

/**
 * What was observed between two snapshots, per label set. A label set whose count went down
 * was reset (a registry cleared in tests): its current values are the whole period.
 */
export function deltaOf(
  current: HistogramSnapshot,
  previous: HistogramSnapshot,
): HistogramSeries[] {
  const deltas: HistogramSeries[] = [];
  for (const [key, now] of current) {
    const before = previous.get(key);
    if (!before || before.count > now.count) {
      deltas.push(now);
      continue;
    }
    const earlier = new Map(before.buckets.map((bucket) => [bucket.le, bucket.count]));
    deltas.push({
      labels: now.labels,
      count: now.count - before.count,
      buckets: now.buckets.map((bucket) => ({
        le: bucket.le,
        count: bucket.count - (earlier.get(bucket.le) ?? 0),
      })),
    });
  }
  return deltas;
}

/** Adds cumulative buckets of histograms with the same bounds (one route over its statuses). */
export function mergeBuckets(
  into: readonly CumulativeBucket[],
  add: readonly CumulativeBucket[],
): CumulativeBucket[] {
  const sums = new Map(into.map((bucket) => [bucket.le, bucket.count]));
  for (const bucket of add) sums.set(bucket.le, (sums.get(bucket.le) ?? 0) + bucket.count);
  return [...sums].sort(([a], [b]) => a - b).map(([le, count]) => ({ le, count }));
}

function labelsKey(labels: Readonly<Record<string, string>>): string {
  return JSON.stringify(
    Object.keys(labels)
      .sort()
      .map((name) => [name, labels[name]]),
  );
}
