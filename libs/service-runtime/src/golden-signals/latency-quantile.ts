/** One cumulative bucket of a latency histogram: how many observations were <= `le`. */
export interface CumulativeBucket {
  readonly le: number;
  readonly count: number;
}

/**
 * The q-quantile (0..1) of a histogram, estimated as Prometheus' histogram_quantile does:
 * linear interpolation inside the bucket holding the rank, from the previous bound (0 for the
 * first bucket). A rank in the +Inf bucket answers the highest finite bound. `buckets` must be
 * sorted by `le`; answers null without observations.
 */
export function histogramQuantile(q: number, buckets: readonly CumulativeBucket[]): number | null {
  const total = buckets.at(-1)?.count ?? 0;
  if (total <= 0) return null;
  const rank = Math.min(Math.max(q, 0), 1) * total;
  let lowerBound = 0;
  let lowerCount = 0;
  for (const bucket of buckets) {
    if (bucket.count >= rank && bucket.count > lowerCount) {
      if (!Number.isFinite(bucket.le)) return lowerBound;
      const share = (rank - lowerCount) / (bucket.count - lowerCount);
      return lowerBound + (bucket.le - lowerBound) * share;
    }
    if (Number.isFinite(bucket.le)) lowerBound = bucket.le;
    lowerCount = bucket.count;
  }
  return lowerBound;
}
