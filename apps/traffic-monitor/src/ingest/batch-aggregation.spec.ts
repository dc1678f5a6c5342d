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

    const plain = increments.map((inc) => ({
      resolution: inc.resolution,
      start: new Date(inc.startMs).toISOString(),
      dueAt: new Date(inc.dueAtMs).toISOString(),
      counts: Object.fromEntries(inc.counts),
    }));
    const base = seriesKey('a.b', {});
    const variantB = seriesKey('a.b', { variant: 'b' });
    expect(plain).toEqual([
      {
        resolution: 'minute',
        start: '2026-11-23T23:59:00.000Z',
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
        resolution: 'day',
        start: '2026-11-23T00:00:00.000Z',
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

  it('gives nothing for a batch with no accepted event', () => {
    expect(aggregateBatch([], 0)).toEqual([]);
  });

  it('puts an event exactly on a boundary in the bucket it starts', () => {
    const [minute] = aggregateBatch([at(30_000)], 0);

    expect(minute?.startMs).toBe(Date.parse('2026-11-24T00:00:00Z'));
  });
});
