import { bucketId, parseSeriesKey, seriesKey } from './series-key';

describe('series keys', () => {
  it('round-trips an event id with any subset of dimensions', () => {
    const cases = [
      { eventId: 'a', dimensions: {} },
      { eventId: 'a.b:c-d_e', dimensions: { region: 'eu west' } },
      { eventId: 'x', dimensions: { experiment: 'e', variant: 'v', host: 'h', region: 'r' } },
    ];

    expect(cases.map((c) => parseSeriesKey(seriesKey(c.eventId, c.dimensions)))).toEqual(cases);
  });

  it('keeps the stored form of keys: an empty field per absent dimension', () => {
    expect(seriesKey('a', {})).toBe('a\u001f\u001f\u001f\u001f');
    expect(seriesKey('a', { variant: 'v' })).toBe('a\u001f\u001fv\u001f\u001f');
  });

  it('tells apart the same value under different dimension keys', () => {
    expect(seriesKey('a', { host: 'x' })).not.toBe(seriesKey('a', { region: 'x' }));
  });

  it('gives one bucket id per org, start and series', () => {
    const key = seriesKey('a', {});

    expect(bucketId('org_1', 60_000, key)).toBe(bucketId('org_1', 60_000, key));
    expect(
      new Set([
        bucketId('org_1', 60_000, key),
        bucketId('org_2', 60_000, key),
        bucketId('org_1', 120_000, key),
        bucketId('org_1', 60_000, seriesKey('b', {})),
      ]).size,
    ).toBe(4);
  });
});
