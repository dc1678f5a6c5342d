import type { Aggregation } from '@vantage/contracts';

/** What one stored bucket (or one traffic count bucket) holds about its valid samples. */
export interface BucketAggregate {
  readonly startMs: number;
  readonly count: number;
  readonly sum: number;
  readonly min?: number;
  readonly max?: number;
  readonly last?: number;
  readonly lastTs?: number;
}

/** A valid sample as stored. */
export interface TimedValue {
  readonly ts: number;
  readonly value: number;
}

/** The buckets a set of samples falls into, aggregated; `last` is the latest sample (first on a tie). */
export function aggregateSamples(
  samples: readonly TimedValue[],
  bucketMs: number,
): Map<number, BucketAggregate & { readonly ts: number[] }> {
  const buckets = new Map<number, BucketAggregate & { ts: number[] }>();
  for (const { ts, value } of samples) {
    const startMs = alignDown(ts, bucketMs);
    const bucket = buckets.get(startMs);
    if (!bucket) {
      buckets.set(startMs, {
        startMs,
        count: 1,
        sum: value,
        min: value,
        max: value,
        last: value,
        lastTs: ts,
        ts: [ts],
      });
      continue;
    }
    const later = ts > (bucket.lastTs as number);
    buckets.set(startMs, {
      startMs,
      count: bucket.count + 1,
      sum: bucket.sum + value,
      min: Math.min(bucket.min as number, value),
      max: Math.max(bucket.max as number, value),
      last: later ? value : (bucket.last as number),
      lastTs: later ? ts : (bucket.lastTs as number),
      ts: [...bucket.ts, ts],
    });
  }
  return buckets;
}

/** The grid points are read on: `points` steps of `stepMs` from `startMs`. */
export interface PointGrid {
  readonly startMs: number;
  readonly stepMs: number;
  readonly points: number;
}

/**
 * Rolls buckets up into the grid's steps with one aggregation: avg (sum/count over every
 * sample, not an average of averages), sum, min, max, count, last. A step without samples is
 * null, not 0: a gap is not a zero. Buckets outside the grid are ignored.
 */
export function rollup(
  buckets: Iterable<BucketAggregate>,
  grid: PointGrid,
  aggregation: Aggregation,
): (number | null)[] {
  const steps: (Mutable<BucketAggregate> | undefined)[] = new Array<undefined>(grid.points).fill(
    undefined,
  );
  for (const bucket of buckets) {
    if (bucket.count <= 0) continue;
    const index = Math.floor((bucket.startMs - grid.startMs) / grid.stepMs);
    if (index < 0 || index >= grid.points) continue;
    const step = steps[index];
    if (!step) {
      steps[index] = { ...bucket };
      continue;
    }
    step.count += bucket.count;
    step.sum += bucket.sum;
    step.min = Math.min(step.min ?? Infinity, bucket.min ?? Infinity);
    step.max = Math.max(step.max ?? -Infinity, bucket.max ?? -Infinity);
    if ((bucket.lastTs ?? -Infinity) > (step.lastTs ?? -Infinity)) {
      step.last = bucket.last;
      step.lastTs = bucket.lastTs;
    }
  }
  return steps.map((step) => (step ? valueOf(step, aggregation) : null));
}

function valueOf(step: BucketAggregate, aggregation: Aggregation): number | null {
  switch (aggregation) {
    case 'avg':
      return step.sum / step.count;
    case 'sum':
      return step.sum;
    case 'min':
      return step.min ?? null;
    case 'max':
      return step.max ?? null;
    case 'count':
      return step.count;
    case 'last':
      return step.last ?? null;
  }
}

/** Start of the bucket of width `stepMs` holding `ms` (UTC; epoch-aligned widths). */
export function alignDown(ms: number, stepMs: number): number {
  return ms - (((ms % stepMs) + stepMs) % stepMs);
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };
