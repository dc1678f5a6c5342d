import {
  average,
  countPerDay,
  median,
  ratio,
  relativeChange,
  splitDaily,
  topKeys,
} from './figures';

describe('report figures', () => {
  it('computes the relative change, and none from zero', () => {
    expect(relativeChange({ current: 12_400, previous: 12_000 })).toBeCloseTo(0.0333, 4);
    expect(relativeChange({ current: 90, previous: 100 })).toBeCloseTo(-0.1);
    expect(relativeChange({ current: 5, previous: 0 })).toBeNull();
    expect(relativeChange({ current: -50, previous: -100 })).toBeCloseTo(0.5);
  });

  it('divides only by a positive denominator', () => {
    expect(ratio(3, 120)).toBeCloseTo(0.025);
    expect(ratio(3, 0)).toBeNull();
  });

  it('takes the median of odd and even counts', () => {
    expect(median([])).toBeNull();
    expect(median([30, 10, 20])).toBe(20);
    expect(median([40, 10, 20, 30])).toBe(25);
    expect(average([])).toBe(0);
    expect(average([1, 2, 3, 4])).toBe(2.5);
  });

  it('splits two weeks of daily points by weekday, leaving gaps as null', () => {
    const from = new Date('2026-11-16T00:00:00Z');
    const points = [
      { from: '2026-11-09T00:00:00.000Z', value: 1 },
      { from: '2026-11-15T00:00:00.000Z', value: 7 },
      { from: '2026-11-16T00:00:00.000Z', value: 8 },
      { from: '2026-11-22T00:00:00.000Z', value: 14 },
      { from: '2026-11-23T00:00:00.000Z', value: 99 },
    ];

    const split = splitDaily(points, from);

    expect(split.previous).toEqual([1, null, null, null, null, null, 7]);
    expect(split.current).toEqual([8, null, null, null, null, null, 14]);
  });

  it('counts instants per day range', () => {
    const starts = [0, 10, 20, 30];

    expect(countPerDay([0, 5, 10, 29, 30, -1], starts)).toEqual([2, 1, 1]);
  });

  it('keeps the top keys with last week beside, ties by key', () => {
    const current = new Map([
      ['GET /a', 5],
      ['GET /c', 9],
      ['GET /b', 5],
      ['GET /z', 0],
    ]);
    const previous = new Map([['GET /c', 4]]);

    expect(topKeys(current, previous, 2)).toEqual([
      { key: 'GET /c', current: 9, previous: 4 },
      { key: 'GET /a', current: 5, previous: 0 },
    ]);
  });
});
