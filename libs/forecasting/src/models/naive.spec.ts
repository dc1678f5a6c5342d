import { repeatPattern } from '../testing/simulate';
import { ModelInput } from './model';
import { naive, naive2, seasonalNaive } from './naive';

const input = (y: number[], periods: number[], horizon = 8): ModelInput => ({
  y: Float64Array.from(y),
  horizon,
  periods,
  levels: [80, 95],
});

const widths = (interval: { lo: number[]; hi: number[] } | undefined): number[] =>
  interval ? interval.hi.map((hi, h) => hi - interval.lo[h]) : [];

describe('naive family', () => {
  it('seasonal naive repeats the last cycle exactly', () => {
    const pattern = [3, 7, 1, 9];
    const result = seasonalNaive(input(repeatPattern(pattern, 20), [4]));
    expect(result.point).toEqual(repeatPattern(pattern, 8));
  });

  it('seasonal naive intervals widen once per cycle', () => {
    const y = Array.from({ length: 40 }, (_, t) => (t % 4) * 2 + Math.sin(t));
    const w = widths(seasonalNaive(input(y, [4])).intervals.get(95));
    expect(w[4]).toBeGreaterThan(w[3]);
    expect(w[0]).toBeCloseTo(w[3], 10);
  });

  it('naive repeats the last value with intervals growing like sqrt(h)', () => {
    const result = naive(input([1, 3, 2, 4, 3, 5], []));
    expect(result.point).toEqual(new Array(8).fill(5));
    const w = widths(result.intervals.get(80));
    expect(w[3] / w[0]).toBeCloseTo(2, 10);
  });

  it('naive2 deseasonalises a seasonal series and forecasts its pattern', () => {
    const pattern = [50, 100, 150, 100];
    const result = naive2(input(repeatPattern(pattern, 40), [4]));
    result.point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 4], 8));
    expect(result.description).toBe('Naive2(4)');
  });

  it('naive2 is plain naive when the series fails the seasonality test', () => {
    expect(naive2(input([5, 6, 5, 6, 7, 6, 5, 6, 5, 7, 6, 5], [4])).description).toMatch(
      /non-seasonal/,
    );
  });
});
