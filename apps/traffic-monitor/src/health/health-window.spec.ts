import { DEFAULT_DASHBOARD_SETTINGS, type DashboardSettings } from '@vantage/contracts';
import { periodsOf, planHealthWindows, readsOf } from './health-window';

const settings = (changes: Partial<DashboardSettings> = {}): DashboardSettings => ({
  ...DEFAULT_DASHBOARD_SETTINGS,
  ...changes,
});

const iso = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()];

describe('planHealthWindows', () => {
  const asOf = new Date('2026-11-20T13:45:10Z');

  /** The day window as organisations configured it before the rolling default. */
  const day = (changes: Partial<DashboardSettings> = {}) =>
    settings({ windowMode: 'lastCompleteDay', baselineMode: 'dailyAverage', ...changes });

  it('by default judges the last 24 complete hours and the hour so far against earlier weeks', () => {
    const plan = planHealthWindows(settings(), asOf);

    expect(plan).toMatchObject({
      windowMode: 'rollingHours',
      windowHours: 24,
      resolution: 'hour',
      baselineMode: 'sameHoursLastWeeks',
      windowsPerDay: 1,
    });
    expect(plan.openHourShare).toBeCloseTo(45 / 60 + 10 / 3600, 10);
    expect(iso(plan.current)).toEqual(['2026-11-19T13:00:00.000Z', '2026-11-20T13:45:10.000Z']);
    expect(plan.baselines.map(iso)).toEqual([
      ['2026-10-22T13:00:00.000Z', '2026-10-23T13:45:10.000Z'],
      ['2026-10-29T13:00:00.000Z', '2026-10-30T13:45:10.000Z'],
      ['2026-11-05T13:00:00.000Z', '2026-11-06T13:45:10.000Z'],
      ['2026-11-12T13:00:00.000Z', '2026-11-13T13:45:10.000Z'],
    ]);
  });

  it('reads the open hour exactly in the window and as the elapsed share in the baseline', () => {
    const plan = planHealthWindows(settings({ windowHours: 2 }), asOf);
    const [oldest] = plan.baselines;
    const reads = (period: { from: Date; to: Date }, judged: boolean) =>
      readsOf(plan, period, judged).map((read) => [
        read.resolution,
        ...iso(read),
        read.proratedFrom?.toISOString() ?? null,
        read.share,
      ]);

    expect(reads(plan.current, true)).toEqual([
      ['hour', '2026-11-20T11:00:00.000Z', '2026-11-20T13:00:00.000Z', null, 1],
      ['minute', '2026-11-20T13:00:00.000Z', '2026-11-20T13:45:10.000Z', null, 1],
    ]);
    expect(reads(oldest as { from: Date; to: Date }, false)).toEqual([
      [
        'hour',
        '2026-10-23T11:00:00.000Z',
        '2026-10-23T14:00:00.000Z',
        '2026-10-23T13:00:00.000Z',
        plan.openHourShare,
      ],
    ]);
  });

  it('judges the last complete UTC day against the 20 days before it on request', () => {
    const plan = planHealthWindows(day(), asOf);

    expect(plan.resolution).toBe('day');
    expect(iso(plan.current)).toEqual(['2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z']);
    expect(plan.baselines).toHaveLength(20);
    const days = plan.baselines.map(iso);
    expect(days[0]).toEqual(['2026-10-30T00:00:00.000Z', '2026-10-31T00:00:00.000Z']);
    expect(days[19]).toEqual(['2026-11-18T00:00:00.000Z', '2026-11-19T00:00:00.000Z']);
    expect(plan.windowsPerDay).toBe(1);
  });

  it('treats midnight itself as the end of the day that just finished', () => {
    const plan = planHealthWindows(day(), new Date('2026-11-20T00:00:00Z'));

    expect(iso(plan.current)[0]).toBe('2026-11-19T00:00:00.000Z');
  });

  it('compares a day with the same weekday of earlier weeks on request', () => {
    const plan = planHealthWindows(
      day({ baselineMode: 'sameHoursLastWeeks', baselineWeeks: 2 }),
      asOf,
    );

    expect(plan.baselines.map(iso)).toEqual([
      ['2026-11-05T00:00:00.000Z', '2026-11-06T00:00:00.000Z'],
      ['2026-11-12T00:00:00.000Z', '2026-11-13T00:00:00.000Z'],
    ]);
  });

  it('compares the last complete hours with the same hours of earlier weeks', () => {
    const plan = planHealthWindows(
      settings({ windowMode: 'lastHours', windowHours: 6, baselineMode: 'sameHoursLastWeeks' }),
      asOf,
    );

    expect(plan.resolution).toBe('hour');
    expect(iso(plan.current)).toEqual(['2026-11-20T07:00:00.000Z', '2026-11-20T13:00:00.000Z']);
    expect(plan.baselines.map(iso)).toEqual([
      ['2026-10-23T07:00:00.000Z', '2026-10-23T13:00:00.000Z'],
      ['2026-10-30T07:00:00.000Z', '2026-10-30T13:00:00.000Z'],
      ['2026-11-06T07:00:00.000Z', '2026-11-06T13:00:00.000Z'],
      ['2026-11-13T07:00:00.000Z', '2026-11-13T13:00:00.000Z'],
    ]);
    expect(plan.windowsPerDay).toBe(4);
  });

  it('lists baseline periods then the current window', () => {
    const plan = planHealthWindows(day({ baselineDays: 2 }), asOf);

    expect(periodsOf(plan).map((period) => period.from.toISOString())).toEqual([
      '2026-11-17T00:00:00.000Z',
      '2026-11-18T00:00:00.000Z',
      '2026-11-19T00:00:00.000Z',
    ]);
  });
});
