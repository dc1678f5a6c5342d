import type { WeeklyReportModel } from '../../src/weekly/report-model';

/**
 * A full weekly report of 2026-W47 with every section filled: what the template, preview and
 * screenshot tests render. `overrides` replaces whole sections (e.g. one without data).
 */
export function sampleReport(overrides: Partial<WeeklyReportModel> = {}): WeeklyReportModel {
  return {
    orgId: 'org_sample000000000000000',
    orgName: 'Acme Analytics',
    week: '2026-W47',
    previousWeek: '2026-W46',
    from: '2026-11-16T00:00:00.000Z',
    to: '2026-11-23T00:00:00.000Z',
    timeZone: 'UTC',
    generatedAt: '2026-11-23T08:00:00.000Z',
    revenue: {
      available: true,
      data: {
        currency: 'usd',
        mrr: { current: 1_240_000, previous: 1_200_000 },
        arr: { current: 14_880_000, previous: 14_400_000 },
        newSubscriptions: { current: 14, previous: 9 },
        churned: { current: 3, previous: 4 },
        churnRate: { current: 0.025, previous: 4 / 115 },
        failedPayments: { current: 2, previous: 5 },
        weeklyMrr: [
          1_080_000, 1_100_000, 1_120_000, 1_150_000, 1_160_000, 1_185_000, 1_200_000, 1_240_000,
        ].map((mrr, index) => ({ week: `2026-W${40 + index}`, mrr })),
      },
    },
    usage: {
      available: true,
      data: {
        dau: { current: 41.3, previous: 38.2 },
        wau: { current: 112, previous: 104 },
        mau: { current: 265, previous: 251 },
        apiCalls: { current: 182_340, previous: 171_020 },
        eventsIngested: { current: 4_210_000, previous: 3_980_500 },
        topEndpoints: [
          { key: 'POST /api/v1/events', current: 120_400, previous: 110_200 },
          { key: 'GET /api/v1/dashboard/stats', current: 21_800, previous: 22_400 },
          { key: 'POST /api/v1/dashboard/query', current: 15_100, previous: 14_000 },
          { key: 'GET /api/v1/rad-sets', current: 9_870, previous: 9_010 },
        ],
        countries: [
          { key: 'US', current: 98_000, previous: 91_000 },
          { key: 'DE', current: 41_200, previous: 40_100 },
          { key: 'FR', current: 22_640, previous: 20_020 },
        ],
        dailyActiveUsers: {
          current: [44, 47, 45, 49, 42, 29, 33],
          previous: [40, 43, 44, 41, 39, 26, 34],
        },
      },
    },
    traffic: {
      available: true,
      data: {
        health: {
          available: true,
          data: {
            critical: { current: 2, previous: 5 },
            warning: { current: 7, previous: 6 },
            impact: { current: -1840, previous: -4210 },
            worst: [
              {
                eventId: 'pandc.vnext.recommendations.cart.add',
                radSet: 'Cart recommendations',
                status: 'CRITICAL',
                changePct: -86.4,
                impact: -1210,
              },
              {
                eventId: 'pandc.vnext.recommendations.feed.feed_click',
                radSet: 'Venture feed',
                status: 'WARNING',
                changePct: -58.2,
                impact: -430,
              },
            ],
          },
        },
        alerts: {
          available: true,
          data: {
            raised: { current: 6, previous: 9 },
            resolved: { current: 5, previous: 8 },
            medianTimeToResolveMs: { current: 47 * 60_000, previous: 95 * 60_000 },
            dailyRaised: { current: [1, 0, 2, 1, 0, 1, 1], previous: [2, 1, 1, 3, 0, 1, 1] },
          },
        },
      },
    },
    reliability: {
      available: true,
      data: {
        requests: { current: 1_204_500, previous: 1_150_300 },
        errors: { current: 5_060, previous: 6_210 },
        errorRate: { current: 5_060 / 1_204_500, previous: 6_210 / 1_150_300 },
        topErrors: [
          { service: 'traffic-monitor', error: 'TIMEOUT dashboard.query', count: 2_140 },
          { service: 'gateway', error: '503 POST /api/v1/events', count: 1_310 },
          { service: 'billing', error: 'stripe.card_declined', count: 410 },
        ],
        slos: [
          {
            name: 'API availability',
            service: 'gateway',
            objective: 0.999,
            attained: 0.9993,
            errorBudgetRemaining: 0.31,
            state: 'met',
          },
          {
            name: 'Ingest latency p95 < 300 ms',
            service: 'traffic-monitor',
            objective: 0.99,
            attained: 0.9862,
            errorBudgetRemaining: -0.38,
            state: 'breached',
          },
        ],
        forecast: {
          from: '2026-11-23T00:00:00.000Z',
          to: '2026-11-30T00:00:00.000Z',
          expected: 1_260_000,
          lower: 1_140_000,
          upper: 1_380_000,
          confidence: 0.8,
        },
        dailyErrorRate: {
          current: [0.0041, 0.0039, 0.0052, 0.0045, 0.0038, 0.0036, 0.004],
          previous: [0.0055, 0.005, 0.0061, 0.0049, 0.0052, 0.0047, 0.0058],
        },
      },
    },
    roadmap: {
      available: true,
      data: {
        completed: { current: 3, previous: 2 },
        inProgress: 4,
        blocked: 1,
        planned: 6,
        completedItems: [
          { title: 'Self-serve SSO', owner: 'ada@example.com', due: '2026-11-20' },
          { title: 'Usage-based pricing page', owner: 'grace@example.com', due: null },
          { title: 'Alert digest e-mails', owner: null, due: '2026-11-30' },
        ],
        blockedItems: [
          { title: 'EU data residency', owner: 'linus@example.com', due: '2026-12-15' },
        ],
        inProgressItems: [
          { title: 'Forecast accuracy report', owner: 'ada@example.com', due: '2026-12-01' },
        ],
        velocity: [1, 2, 2, 3, 1, 2, 2, 3].map((completed, index) => ({
          week: `2026-W${40 + index}`,
          completed,
        })),
        averageVelocity: 2,
      },
    },
    ...overrides,
  };
}
