import { aggregateBatch } from './batch-aggregation';
import type { ValidEvent } from './event-validation';
import { seriesKey } from '../buckets/series-key';

const T = Date.parse('2026-11-23T23:59:30Z');
const at = (offsetMs: number, fields: Partial<ValidEvent> = {}): ValidEvent => ({
  eventId: 'a.b',
  timestampMs: T + offsetMs,
  count: 1,
  dimensions: {},
  ...fields,
});

describe('aggregateBatch', () => {
  it('sums events per series and bucket at every resolution', () => {
    const increments = aggregateBatch(
      [
        at(0),
        at(10_000, { count: 4 }),
        at(20_000, { dimensions: { variant: 'b' } }),
        at(40_000, { count: 2 }), // next minute, next hour, next day
      ],
      5000,
    );

    const rank = { minute: 0, hour: 1, day: 2 } as const;
    const ordered = [...increments].sort(
      (a, b) => a.startMs - b.startMs || rank[a.resolution] - rank[b.resolution],
    );
    const plain = ordered.map((inc) => ({
      resolution: inc.resolution,
      start: new Date(inc.startMs).toISOString(),
      dueAt: new Date(inc.dueAtMs).toISOString(),
      counts: Object.fromEntries(inc.counts),
    }));
    const base = seriesKey('a.b', {});
    const variantB = seriesKey('a.b', { variant: 'b' });
    expect(plain).toEqual([
      {
        resolution: 'day',
        start: '2026-11-23T00:00:00.000Z',
        dueAt: '2026-11-24T00:00:05.000Z',
        counts: { [base]: 5, [variantB]: 1 },
      },
      {
        resolution: 'hour',
        start: '2026-11-23T23:00:00.000Z',
        dueAt: '2026-11-24T00:00:05.000Z',
        counts: { [base]: 5, [variantB]: 1 },
      },
      {
        resolution: 'minute',
        start: '2026-11-23T23:59:00.000Z',
        dueAt: '2026-11-24T00:00:05.000Z',
        counts: { [base]: 5, [variantB]: 1 },
      },
      {
        resolution: 'minute',
        start: '2026-11-24T00:00:00.000Z',
        dueAt: '2026-11-24T00:01:05.000Z',
        counts: { [base]: 2 },
      },
      {
        resolution: 'hour',
        start: '2026-11-24T00:00:00.000Z',
        dueAt: '2026-11-24T01:00:05.000Z',
        counts: { [base]: 2 },
      },
      {
        resolution: 'day',
        start: '2026-11-24T00:00:00.000Z',
        dueAt: '2026-11-25T00:00:05.000Z',
        counts: { [base]: 2 },
      },
    ]);
  });

  it('sums the minutes of one hour and the hours of one day into their buckets', () => {
    const increments = aggregateBatch(
      [at(-3_600_000), at(-60_000, { count: 2 }), at(-30_000, { count: 3 })],
      0,
    );
    const total = (resolution: string) =>
      increments
        .filter((inc) => inc.resolution === resolution)
        .map((inc) => [new Date(inc.startMs).toISOString(), inc.counts.get(seriesKey('a.b', {}))]);

    expect(total('minute')).toEqual([
      ['2026-11-23T22:59:00.000Z', 1],
      ['2026-11-23T23:58:00.000Z', 2],
      ['2026-11-23T23:59:00.000Z', 3],
    ]);
    expect(total('hour')).toEqual([
      ['2026-11-23T22:00:00.000Z', 1],
      ['2026-11-23T23:00:00.000Z', 5],
    ]);
    expect(total('day')).toEqual([['2026-11-23T00:00:00.000Z', 6]]);
  });

  it('shares one Map between the resolutions of a batch that falls in one minute', () => {
    const [minute, hour, day] = aggregateBatch([at(0), at(1000, { count: 2 })], 0);

    expect(hour?.counts).toBe(minute?.counts);
    expect(day?.counts).toBe(minute?.counts);
  });

  it('gives nothing for a batch with no accepted event', () => {
    expect(aggregateBatch([], 0)).toEqual([]);
  });

  it('puts an event exactly on a boundary in the bucket it starts', () => {
    const [minute] = aggregateBatch([at(30_000)], 0);

    expect(minute?.startMs).toBe(Date.parse('2026-11-24T00:00:00Z'));
  });
});
