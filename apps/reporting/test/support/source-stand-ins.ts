import {
  ALERT_PATTERNS,
  type AlertDto,
  type AlertPageDto,
  BILLING_METRICS_PATTERNS,
  DASHBOARD_PATTERNS,
  type DashboardPageDto,
  type DashboardStatsDto,
  type RevenueMetricsDto,
  TELEMETRY_REPORT_PATTERNS,
  type TelemetryWeeklyReply,
} from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import { startTestServer } from '@vantage/transport/testing';
import type { TransportTarget } from './org-client';
import { revenuePeriod } from './revenue-period';

/**
 * Billing, telemetry and the traffic monitor as far as the report can tell: each answers the
 * patterns the report asks with the figures of a seeded week (2026-W40, 28 Sep – 4 Oct, UTC),
 * on the transport prefix of the reporting replicas under test. (Billing and telemetry do not
 * answer these patterns yet; the traffic monitor's own tests cover its side.)
 */
export const SEEDED_WEEK = '2026-W40';
export const SEEDED_WEEK_END = '2026-10-05T00:00:00.000Z';
export const SEEDED_WEEK_START = '2026-09-28T00:00:00.000Z';

export async function startSourceStandIns(target: TransportTarget): Promise<RedisStreamsServer[]> {
  const options = (service: string) => ({
    service,
    prefix: target.prefix,
    redisUrl: target.redisUrl,
  });
  return Promise.all([
    startTestServer(options('billing'), [
      { pattern: BILLING_METRICS_PATTERNS.revenue, handler: () => revenueMetrics() },
    ]),
    startTestServer(options('telemetry'), [
      { pattern: TELEMETRY_REPORT_PATTERNS.weekly, handler: () => telemetryWeekly() },
    ]),
    startTestServer(options('traffic-monitor'), [
      {
        pattern: DASHBOARD_PATTERNS.stats,
        handler: (payload: { asOf?: string }) =>
          dashboardStats(payload.asOf === SEEDED_WEEK_END ? 'end' : 'previous'),
      },
      { pattern: DASHBOARD_PATTERNS.query, handler: () => worstEvents() },
      { pattern: ALERT_PATTERNS.list, handler: () => alertPage() },
    ]),
  ]);
}

function revenueMetrics(): RevenueMetricsDto {
  const mrrs = [1_080_000, 1_100_000, 1_120_000, 1_150_000, 1_160_000, 1_185_000];
  return {
    granularity: 'week',
    currency: 'usd',
    from: '2026-08-17T00:00:00.000Z',
    to: SEEDED_WEEK_END,
    periods: [
      ...mrrs.map((mrr, index) =>
        revenuePeriod(
          new Date(Date.parse('2026-08-17T00:00:00Z') + index * 7 * 86_400_000).toISOString(),
          { mrr },
        ),
      ),
      revenuePeriod('2026-09-21T00:00:00.000Z', {
        mrr: 1_200_000,
        arr: 14_400_000,
        newCustomers: 9,
        churnedCustomers: 4,
        customerChurnRate: 4 / 115,
        failedPayments: 5,
      }),
      revenuePeriod(SEEDED_WEEK_START, {
        mrr: 1_240_000,
        arr: 14_880_000,
        newCustomers: 14,
        churnedCustomers: 3,
        customerChurnRate: 0.025,
        failedPayments: 2,
      }),
    ],
  };
}

function telemetryWeekly(): TelemetryWeeklyReply {
  const day = (index: number): string =>
    new Date(Date.parse('2026-09-21T00:00:00Z') + index * 86_400_000).toISOString();
  return {
    current: { requests: 200_000, errors: 840 },
    previous: { requests: 190_000, errors: 1_140 },
    topErrors: [
      { service: 'traffic-monitor', error: 'TIMEOUT dashboard.query', count: 510 },
      { service: 'gateway', error: '503 POST /api/v1/events', count: 330 },
    ],
    slos: [
      {
        name: 'API availability',
        service: 'gateway',
        objective: 0.999,
        attained: 0.9996,
        errorBudgetRemaining: 0.6,
        state: 'met',
      },
    ],
    forecast: {
      from: SEEDED_WEEK_END,
      to: '2026-10-12T00:00:00.000Z',
      expected: 210_000,
      lower: 190_000,
      upper: 230_000,
      confidence: 0.8,
    },
    dailyErrorRate: Array.from({ length: 14 }, (_, index) => ({
      from: day(index),
      value: index < 7 ? 0.006 : 0.0042,
    })),
  };
}

function dashboardStats(at: 'end' | 'previous'): DashboardStatsDto {
  const critical = at === 'end' ? 2 : 5;
  const warning = at === 'end' ? 7 : 6;
  const counts = {
    CRITICAL: critical,
    WARNING: warning,
    INCREASED: 0,
    NORMAL: 40,
    LOW_VOLUME: 3,
    NO_BASELINE: 1,
  };
  return {
    total: 51,
    byStatus: counts,
    byRadSet: [],
    eventsDelta: -2000,
    impact: at === 'end' ? -1840 : -4210,
    window: {
      from: SEEDED_WEEK_START,
      to: SEEDED_WEEK_END,
      asOf: SEEDED_WEEK_END,
      windowMode: 'lastCompleteDay',
      windowHours: 24,
      includesCurrentHour: false,
      chosenBy: 'config',
      baselineMode: 'dailyAverage',
      baselineFrom: SEEDED_WEEK_START,
      baselineTo: SEEDED_WEEK_END,
      baselinePeriods: 20,
      configVersion: 1,
      explanation: 'the last complete UTC day before asOf, against the daily average',
      computedAt: SEEDED_WEEK_END,
    },
  };
}

function worstEvents(): DashboardPageDto {
  const stats = dashboardStats('end');
  return {
    items: [
      {
        eventId: 'pandc.vnext.recommendations.cart.add',
        radSet: 'Cart recommendations',
        radSetId: null,
        colour: null,
        current: 120,
        baseline: 880,
        changePct: -86.4,
        z: -12,
        status: 'CRITICAL',
        eventsDelta: -760,
        impact: -1210,
        highVolume: true,
      },
    ],
    total: 1,
    page: 1,
    pageSize: 5,
    window: stats.window,
  };
}

function alertPage(): AlertPageDto {
  const alert = (openedAt: string, resolvedAt: string | null): AlertDto => ({
    id: 'alt_3kT9wQ1mZp8Lx2Vb7Nc4',
    ruleId: 'arl_3kT9wQ1mZp8Lx2Vb7Nc4',
    ruleName: 'Cart traffic',
    severity: 'critical',
    status: resolvedAt ? 'resolved' : 'open',
    openedAt,
    lastSeenAt: openedAt,
    resolvedAt,
    resolvedReason: resolvedAt ? 'condition-cleared' : null,
    ackBy: null,
    ackAt: null,
    summary: '1 event CRITICAL',
    details: { kind: 'status', matched: 1, events: [], windowFrom: openedAt, windowTo: openedAt },
  });
  return {
    items: [
      alert('2026-09-28T10:00:00.000Z', '2026-09-28T10:47:00.000Z'),
      alert('2026-09-30T10:00:00.000Z', '2026-09-30T10:47:00.000Z'),
      alert('2026-10-02T09:00:00.000Z', null),
      alert('2026-09-22T09:00:00.000Z', '2026-09-22T11:00:00.000Z'),
    ],
    nextCursor: null,
  };
}
