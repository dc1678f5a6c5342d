import { sumByPeriod } from './period-counts';

const day = (date: string) => new Date(`${date}T00:00:00Z`);
const period = (from: string, to: string) => ({ from: day(from), to: day(to) });

describe('sumByPeriod', () => {
  const periods = [
    period('2026-11-01', '2026-11-02'),
    period('2026-11-08', '2026-11-09'),
    period('2026-11-15', '2026-11-16'),
  ];

  it('sums each event id per period, with zeros where it had nothing', () => {
    const sums = sumByPeriod(
      [
        { eventId: 'a', start: day('2026-11-01'), count: 3 },
        { eventId: 'a', start: day('2026-11-01'), count: 4 }, // another dimension set
        { eventId: 'a', start: day('2026-11-15'), count: 5 },
        { eventId: 'b', start: day('2026-11-08'), count: 1 },
      ],
      periods,
    );

    expect(Object.fromEntries(sums)).toEqual({ a: [7, 0, 5], b: [0, 1, 0] });
  });

  it('ignores rows between and outside the periods', () => {
    const sums = sumByPeriod(
      [
        { eventId: 'a', start: day('2026-11-03'), count: 9 },
        { eventId: 'a', start: day('2026-10-31'), count: 9 },
        { eventId: 'a', start: day('2026-11-16'), count: 9 },
      ],
      periods,
    );

    expect(sums.size).toBe(0);
  });

  it('places hour buckets inside a multi-hour period', () => {
    const sixHours = [{ from: new Date('2026-11-20T07:00Z'), to: new Date('2026-11-20T13:00Z') }];

    const sums = sumByPeriod(
      [
        { eventId: 'a', start: new Date('2026-11-20T07:00Z'), count: 1 },
        { eventId: 'a', start: new Date('2026-11-20T12:00Z'), count: 2 },
        { eventId: 'a', start: new Date('2026-11-20T13:00Z'), count: 4 },
      ],
      sixHours,
    );

    expect(sums.get('a')).toEqual([3]);
  });
});
