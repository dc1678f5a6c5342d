import { DEFAULT_DASHBOARD_SETTINGS, type DashboardSettings } from '@vantage/contracts';
import { periodsOf, planHealthWindows } from './health-window';

const settings = (changes: Partial<DashboardSettings> = {}): DashboardSettings => ({
  ...DEFAULT_DASHBOARD_SETTINGS,
  ...changes,
});

const iso = (range: { from: Date; to: Date }) => [range.from.toISOString(), range.to.toISOString()];

describe('planHealthWindows', () => {
  const asOf = new Date('2026-11-20T13:45:10Z');

  it('by default judges the last complete UTC day against the 20 days before it', () => {
    const plan = planHealthWindows(settings(), asOf);

    expect(plan.resolution).toBe('day');
    expect(iso(plan.current)).toEqual(['2026-11-19T00:00:00.000Z', '2026-11-20T00:00:00.000Z']);
    expect(plan.baselines).toHaveLength(20);
    const days = plan.baselines.map(iso);
    expect(days[0]).toEqual(['2026-10-30T00:00:00.000Z', '2026-10-31T00:00:00.000Z']);
    expect(days[19]).toEqual(['2026-11-18T00:00:00.000Z', '2026-11-19T00:00:00.000Z']);
    expect(plan.windowsPerDay).toBe(1);
  });

  it('treats midnight itself as the end of the day that just finished', () => {
    const plan = planHealthWindows(settings(), new Date('2026-11-20T00:00:00Z'));

    expect(iso(plan.current)[0]).toBe('2026-11-19T00:00:00.000Z');
  });

  it('compares a day with the same weekday of earlier weeks on request', () => {
    const plan = planHealthWindows(
      settings({ baselineMode: 'sameHoursLastWeeks', baselineWeeks: 2 }),
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
    const plan = planHealthWindows(settings({ baselineDays: 2 }), asOf);

    expect(periodsOf(plan).map((period) => period.from.toISOString())).toEqual([
      '2026-11-17T00:00:00.000Z',
      '2026-11-18T00:00:00.000Z',
      '2026-11-19T00:00:00.000Z',
    ]);
  });
});
