import { TRAFFIC_FLUSHED_MAX_EVENT_IDS, type TrafficCountsFlushedUpdate } from '@vantage/contracts';
import { FlushedCounts } from './flushed-counts';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 11, 7, 10, 15);

describe('FlushedCounts', () => {
  it('sums each organisation over minutes and dimension sets, largest count first', () => {
    const counts = new FlushedCounts();
    counts.addMinute('org_a', T0 + MINUTE, [
      ['shop.view', 5],
      ['shop.view', 2],
      ['shop.buy', 1],
    ]);
    counts.addMinute('org_a', T0, [['shop.buy', 9]]);
    counts.addMinute('org_b', T0, [['other.event', 3]]);

    expect(counts.updates()).toEqual([
      [
        'org_a',
        {
          from: new Date(T0).toISOString(),
          to: new Date(T0 + 2 * MINUTE).toISOString(),
          minutes: 2,
          total: 17,
          counts: [
            { eventId: 'shop.buy', count: 10 },
            { eventId: 'shop.view', count: 7 },
          ],
          truncated: 0,
        },
      ],
      [
        'org_b',
        {
          from: new Date(T0).toISOString(),
          to: new Date(T0 + MINUTE).toISOString(),
          minutes: 1,
          total: 3,
          counts: [{ eventId: 'other.event', count: 3 }],
          truncated: 0,
        },
      ],
    ]);
  });

  it('lists the largest event ids only and counts the rest, while the total keeps them all', () => {
    const counts = new FlushedCounts();
    const many = Array.from(
      { length: TRAFFIC_FLUSHED_MAX_EVENT_IDS + 3 },
      (_, index) => [`e.${String(index).padStart(3, '0')}`, index + 1] as [string, number],
    );
    counts.addMinute('org_a', T0, many);

    const updates = counts.updates();
    expect(updates).toHaveLength(1);
    const update = updates[0]?.[1] as TrafficCountsFlushedUpdate;
    expect(update.counts).toHaveLength(TRAFFIC_FLUSHED_MAX_EVENT_IDS);
    expect(update.counts[0]?.count).toBe(TRAFFIC_FLUSHED_MAX_EVENT_IDS + 3);
    expect(update.truncated).toBe(3);
    expect(update.total).toBe(many.reduce((sum, [, count]) => sum + count, 0));
  });

  it('says nothing of an organisation whose flushed counts are all zero', () => {
    const counts = new FlushedCounts();
    counts.addMinute('org_a', T0, [['shop.view', 0]]);

    expect(counts.updates()).toEqual([]);
  });
});
