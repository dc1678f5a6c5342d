import { aggregateSamples, type BucketAggregate, rollup } from './bucket-aggregation';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 23, 10, 0, 0);

/** A minute bucket holding these values, the last one latest. */
function minute(index: number, values: number[]): BucketAggregate {
  return {
    startMs: T0 + index * MINUTE,
    count: values.length,
    sum: values.reduce((a, b) => a + b, 0),
    min: Math.min(...values),
    max: Math.max(...values),
    last: values.at(-1) as number,
    lastTs: T0 + index * MINUTE + values.length,
  };
}

describe('rollup', () => {
  const buckets = [minute(0, [1, 3]), minute(1, [10]), minute(4, [2, 2, 8])];
  const grid = { startMs: T0, stepMs: 2 * MINUTE, points: 3 };

  it.each([
    ['avg', [14 / 3, null, 4]],
    ['sum', [14, null, 12]],
    ['min', [1, null, 2]],
    ['max', [10, null, 8]],
    ['count', [3, null, 3]],
    ['last', [10, null, 8]],
  ] as const)(
    'rolls minute buckets up into steps with %s, a step without samples being null',
    (aggregation, expected) => {
      expect(rollup(buckets, grid, aggregation)).toEqual(expected);
    },
  );

  it('averages over samples, not over buckets', () => {
    const values = rollup(
      [minute(0, [0, 0, 0]), minute(1, [12])],
      { startMs: T0, stepMs: 2 * MINUTE, points: 1 },
      'avg',
    );

    expect(values).toEqual([3]);
  });

  it('takes `last` from the bucket with the latest sample, whatever the order read', () => {
    const late = { ...minute(0, [5]), lastTs: T0 + 59_000 };
    const early = { ...minute(0, [7]), lastTs: T0 + 1000 };

    expect(rollup([late, early], { startMs: T0, stepMs: MINUTE, points: 1 }, 'last')).toEqual([5]);
  });

  it('ignores buckets outside the grid and buckets without valid samples', () => {
    const outside = [minute(-1, [100]), minute(3, [100]), { startMs: T0, count: 0, sum: 0 }];

    expect(rollup(outside, { startMs: T0, stepMs: MINUTE, points: 3 }, 'sum')).toEqual([
      null,
      null,
      null,
    ]);
  });
});

describe('aggregateSamples', () => {
  it('groups samples into buckets with count, sum, min, max and the latest value', () => {
    const buckets = aggregateSamples(
      [
        { ts: T0 + 30_000, value: 4 },
        { ts: T0 + 10_000, value: 9 },
        { ts: T0 + 30_000, value: 6 },
        { ts: T0 + MINUTE, value: 1 },
      ],
      MINUTE,
    );

    expect(buckets.get(T0)).toEqual({
      startMs: T0,
      count: 3,
      sum: 19,
      min: 4,
      max: 9,
      last: 4,
      lastTs: T0 + 30_000,
      ts: [T0 + 30_000, T0 + 10_000, T0 + 30_000],
    });
    expect(buckets.get(T0 + MINUTE)).toMatchObject({ count: 1, sum: 1 });
  });
});
