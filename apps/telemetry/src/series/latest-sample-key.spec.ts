import { latestKeyOf, parseLatestKey } from './latest-sample-key';

describe('latest sample key', () => {
  it('sorts as text in timestamp order, across digit counts', () => {
    const samples = [
      { lastTs: 1_796_657_466_272, last: 1 },
      { lastTs: 999, last: 50 },
      { lastTs: 1000, last: 7 },
      { lastTs: 0, last: 9 },
      { lastTs: Number.MAX_SAFE_INTEGER, last: -2.5 },
    ];
    const byKey = [...samples].sort((a, b) =>
      latestKeyOf(a) < latestKeyOf(b) ? -1 : latestKeyOf(a) > latestKeyOf(b) ? 1 : 0,
    );
    expect(byKey.map((sample) => sample.lastTs)).toEqual([
      0,
      999,
      1000,
      1_796_657_466_272,
      Number.MAX_SAFE_INTEGER,
    ]);
  });

  it('gives back the value and timestamp it was made of', () => {
    for (const sample of [
      { lastTs: 1_796_657_466_272, last: 0.1 + 0.2 },
      { lastTs: 5, last: -1e-300 },
      { lastTs: 7, last: 1.7976931348623157e308 },
    ]) {
      expect(parseLatestKey(latestKeyOf(sample))).toEqual(sample);
    }
  });

  it('reads nothing from a string that is not a key', () => {
    expect(parseLatestKey('')).toBeUndefined();
    expect(parseLatestKey('|5')).toBeUndefined();
    expect(parseLatestKey('12|x')).toBeUndefined();
  });
});
