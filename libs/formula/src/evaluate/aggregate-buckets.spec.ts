import { aggregateBuckets, fitsBuckets } from './aggregate-buckets';
import type { DataAggregation, DataQuery } from './data-query';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

function query(aggregation: DataAggregation, overrides: Partial<DataQuery> = {}): DataQuery {
  return {
    key: 'k',
    aggregation,
    ...(aggregation === 'percentile' ? { percentile: 50 } : {}),
    dimensions: {},
    from: 0,
    to: 2 * HOUR,
    intervalMs: HOUR,
    points: 2,
    ...overrides,
  };
}

/** Minute buckets: the first hour has 10, 20, 30, 40 in minutes 0-3; the second hour 60 in every minute. */
const minuteBuckets = [
  ...[10, 20, 30, 40].map((count, i) => ({ start: i * MINUTE, count })),
  ...Array.from({ length: 60 }, (_, i) => ({ start: HOUR + i * MINUTE, count: 60 })),
];

describe('aggregateBuckets', () => {
  it('sums counts per interval, adding rows that share a bucket start', () => {
    const rows = [...minuteBuckets, { start: 0, count: 5 }];
    expect(aggregateBuckets(query('count'), rows, MINUTE)).toEqual([105, 3600]);
  });

  it('counts minutes without stored events as zeros in min, max, percentiles and deviation', () => {
    expect(aggregateBuckets(query('min'), minuteBuckets, MINUTE)).toEqual([0, 60]);
    expect(aggregateBuckets(query('max'), minuteBuckets, MINUTE)).toEqual([40, 60]);
    expect(aggregateBuckets(query('percentile'), minuteBuckets, MINUTE)).toEqual([0, 60]);
    expect(aggregateBuckets(query('standard_deviation'), minuteBuckets, MINUTE)[1]).toBe(0);
    const mean = 100 / 60;
    const squares = [10, 20, 30, 40].reduce((sum, x) => sum + (x - mean) ** 2, 0) + 56 * mean ** 2;
    expect(aggregateBuckets(query('standard_deviation'), minuteBuckets, MINUTE)[0]).toBeCloseTo(
      Math.sqrt(squares / 60),
      12,
    );
  });

  it('interpolates percentiles between the nearest ranks', () => {
    // Four minutes, 10/20/30/40: rank (4 - 1) * 0.9 = 2.7 → 30 + 0.7 * 10.
    const fourMinutes = query('percentile', {
      percentile: 90,
      to: 4 * MINUTE,
      intervalMs: 4 * MINUTE,
      points: 1,
    });
    expect(aggregateBuckets(fourMinutes, minuteBuckets, MINUTE)[0]).toBeCloseTo(37, 12);
    expect(aggregateBuckets({ ...fourMinutes, percentile: 0 }, minuteBuckets, MINUTE)).toEqual([
      10,
    ]);
    expect(aggregateBuckets({ ...fourMinutes, percentile: 100 }, minuteBuckets, MINUTE)).toEqual([
      40,
    ]);
  });

  it('ignores buckets outside the query range', () => {
    const rows = [
      { start: -MINUTE, count: 999 },
      { start: 2 * HOUR, count: 999 },
      { start: 0, count: 1 },
    ];
    expect(aggregateBuckets(query('count'), rows, MINUTE)).toEqual([1, 0]);
  });

  it('reads hour buckets as minutes of equal counts', () => {
    const dayQuery = (aggregation: DataAggregation) =>
      query(aggregation, { to: 24 * HOUR, intervalMs: 24 * HOUR, points: 1, percentile: 50 });
    // 600 events in hour 0, 60 in hour 1: 60 minutes of 10, 60 of 1, 1320 of 0.
    const hours = [
      { start: 0, count: 600 },
      { start: HOUR, count: 60 },
    ];
    expect(aggregateBuckets(dayQuery('count'), hours, HOUR)).toEqual([660]);
    expect(aggregateBuckets(dayQuery('max'), hours, HOUR)).toEqual([10]);
    expect(aggregateBuckets(dayQuery('min'), hours, HOUR)).toEqual([0]);
    expect(aggregateBuckets(dayQuery('percentile'), hours, HOUR)).toEqual([0]);
    expect(
      aggregateBuckets(
        { ...dayQuery('percentile'), percentile: 100 * (1 - 90 / 1439) },
        hours,
        HOUR,
      )[0],
    ).toBeCloseTo(1, 9);
    // The same day spelled out minute by minute gives the same deviation.
    const minutes = [
      ...Array.from({ length: 60 }, (_, i) => ({ start: i * MINUTE, count: 10 })),
      ...Array.from({ length: 60 }, (_, i) => ({ start: HOUR + i * MINUTE, count: 1 })),
    ];
    expect(aggregateBuckets(dayQuery('standard_deviation'), hours, HOUR)[0]).toBeCloseTo(
      aggregateBuckets(dayQuery('standard_deviation'), minutes, MINUTE)[0],
      12,
    );
  });

  it('refuses buckets that do not fit the intervals', () => {
    expect(fitsBuckets(query('count'), MINUTE)).toBe(true);
    expect(fitsBuckets(query('count'), HOUR)).toBe(true);
    expect(fitsBuckets(query('count', { from: 30 * MINUTE, to: 150 * MINUTE }), HOUR)).toBe(false);
    expect(fitsBuckets(query('count', { intervalMs: 30 * MINUTE, points: 4 }), HOUR)).toBe(false);
    expect(() => aggregateBuckets(query('count'), [], 24 * HOUR)).toThrow(RangeError);
  });
});
