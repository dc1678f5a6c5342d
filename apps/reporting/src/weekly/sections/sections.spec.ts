import type { AlertDto, RevenueMetricsDto } from '@vantage/contracts';
import { reliabilitySection } from './reliability-section';
import { revenueSection } from './revenue-section';
import { alertActivity } from './traffic-section';
import { revenuePeriod } from '../../../test/support/revenue-period';

const day = (date: string): Date => new Date(`${date}T00:00:00Z`);
const week = ['16', '17', '18', '19', '20', '21', '22', '23'].map((d) => day(`2026-11-${d}`));
const previousWeek = ['09', '10', '11', '12', '13', '14', '15', '16'].map((d) =>
  day(`2026-11-${d}`),
);

function alert(openedAt: string, resolvedAt: string | null): AlertDto {
  return {
    id: 'alt_x',
    ruleId: 'arl_x',
    ruleName: 'r',
    severity: 'warning',
    status: resolvedAt ? 'resolved' : 'open',
    openedAt,
    lastSeenAt: openedAt,
    resolvedAt,
    resolvedReason: resolvedAt ? 'condition-cleared' : null,
    ackBy: null,
    ackAt: null,
    summary: 's',
    details: { kind: 'status', matched: 1, events: [], windowFrom: openedAt, windowTo: openedAt },
  };
}

describe('report sections from other services’ answers', () => {
  it('takes the last weekly revenue period as the week and the one before as the week before', () => {
    const metrics: RevenueMetricsDto = {
      granularity: 'week',
      currency: 'usd',
      from: '2026-11-02T00:00:00.000Z',
      to: '2026-11-23T00:00:00.000Z',
      periods: [
        revenuePeriod('2026-11-02T00:00:00.000Z', { mrr: 1_100_000 }),
        revenuePeriod('2026-11-09T00:00:00.000Z', {
          mrr: 1_200_000,
          arr: 14_400_000,
          newCustomers: 9,
          churnedCustomers: 4,
          customerChurnRate: 4 / 115,
          failedPayments: 5,
        }),
        revenuePeriod('2026-11-16T00:00:00.000Z', {
          mrr: 1_240_000,
          arr: 14_880_000,
          newCustomers: 14,
          churnedCustomers: 3,
          customerChurnRate: 0.025,
          failedPayments: 2,
        }),
      ],
    };

    const section = revenueSection(metrics);

    expect(section).toMatchObject({
      currency: 'usd',
      mrr: { current: 1_240_000, previous: 1_200_000 },
      arr: { current: 14_880_000, previous: 14_400_000 },
      newSubscriptions: { current: 14, previous: 9 },
      churned: { current: 3, previous: 4 },
      churnRate: { current: 0.025, previous: 4 / 115 },
      failedPayments: { current: 2, previous: 5 },
    });
    expect(section?.weeklyMrr.map((point) => point.mrr)).toEqual([1_100_000, 1_200_000, 1_240_000]);
    expect(revenueSection({ ...metrics, periods: metrics.periods.slice(0, 1) })).toBeNull();
  });

  it('computes the error rate from telemetry’s counts and keeps the ten most frequent errors', () => {
    const section = reliabilitySection(
      {
        current: { requests: 2000, errors: 10 },
        previous: { requests: 0, errors: 0 },
        topErrors: Array.from({ length: 12 }, (_, index) => ({
          service: 'gateway',
          error: `E${index}`,
          count: index,
        })),
        slos: [],
        forecast: null,
        dailyErrorRate: [{ from: '2026-11-16T00:00:00.000Z', value: 0.01 }],
      },
      new Date('2026-11-16T00:00:00Z'),
    );

    expect(section?.errorRate).toEqual({ current: 0.005, previous: null });
    expect(section?.topErrors.map((error) => error.error)).toEqual([
      'E11',
      'E10',
      'E9',
      'E8',
      'E7',
      'E6',
      'E5',
      'E4',
      'E3',
      'E2',
    ]);
    expect(section?.dailyErrorRate.current[0]).toBe(0.01);
    expect(
      reliabilitySection({ current: {} } as never, new Date('2026-11-16T00:00:00Z')),
    ).toBeNull();
  });

  it('counts alerts raised and resolved per week, with the median time to resolve', () => {
    const alerts = [
      alert('2026-11-16T10:00:00Z', '2026-11-16T10:30:00Z'),
      alert('2026-11-18T10:00:00Z', '2026-11-18T12:00:00Z'),
      alert('2026-11-20T10:00:00Z', null),
      alert('2026-11-14T10:00:00Z', '2026-11-17T10:00:00Z'),
      alert('2026-11-10T10:00:00Z', '2026-11-10T11:00:00Z'),
    ];

    const activity = alertActivity(alerts, week, previousWeek);

    expect(activity.raised).toEqual({ current: 3, previous: 2 });
    expect(activity.resolved).toEqual({ current: 3, previous: 1 });
    // 30 min, 2 h, 3 days → median 2 h.
    expect(activity.medianTimeToResolveMs).toEqual({ current: 7_200_000, previous: 3_600_000 });
    expect(activity.dailyRaised.current).toEqual([1, 0, 1, 0, 1, 0, 0]);
    expect(activity.dailyRaised.previous).toEqual([0, 1, 0, 0, 0, 1, 0]);
  });
});
