import type { DashboardRowDto, HealthStatus } from '@vantage/contracts';
import { summarizeHealth } from './dashboard-stats';

function row(
  radSetId: string | null,
  status: HealthStatus,
  eventsDelta: number | null = null,
  impact: number | null = null,
): DashboardRowDto {
  return {
    eventId: `${radSetId}.${status}.${Math.random()}`,
    radSet: radSetId ?? 'unknown',
    radSetId,
    colour: null,
    current: 0,
    baseline: 0,
    changePct: null,
    z: null,
    status,
    eventsDelta,
    impact,
    highVolume: false,
  };
}

const sets = [
  { id: 'rad_feed', name: 'Feed', colour: '#111111', enabled: true },
  { id: 'rad_cart', name: 'Cart', colour: '#222222', enabled: true },
  { id: 'rad_off', name: 'Off', colour: '#333333', enabled: false },
];

describe('summarizeHealth', () => {
  const totals = summarizeHealth(
    [
      row('rad_feed', 'CRITICAL', -900.5, -90.05),
      row('rad_feed', 'NORMAL', 10, 1),
      row(null, 'WARNING', -100, 0),
      row(null, 'NO_BASELINE'),
    ],
    sets,
  );

  it('counts every status overall, zeros included', () => {
    expect(totals.total).toBe(4);
    expect(totals.byStatus).toEqual({
      CRITICAL: 1,
      WARNING: 1,
      INCREASED: 0,
      NORMAL: 1,
      LOW_VOLUME: 0,
      NO_BASELINE: 1,
    });
  });

  it('lists each enabled set, empty ones too, then unknown', () => {
    expect(totals.byRadSet.map((set) => [set.name, set.total])).toEqual([
      ['Feed', 2],
      ['Cart', 0],
      ['unknown', 2],
    ]);
    expect(totals.byRadSet[0]).toMatchObject({
      radSetId: 'rad_feed',
      colour: '#111111',
      byStatus: { CRITICAL: 1, NORMAL: 1 },
      eventsDelta: -890.5,
      impact: -89.05,
    });
  });

  it('sums the events lost and their value over scored rows', () => {
    expect(totals.eventsDelta).toBe(-990.5);
    expect(totals.impact).toBe(-89.05);
  });
});
