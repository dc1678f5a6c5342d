import {
  type SampleIngestResultDto,
  type SloDto,
  TELEMETRY_REPORT_PATTERNS,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
  TELEMETRY_SLO_PATTERNS,
  type TelemetryWeeklyReply,
} from '@vantage/contracts';
import { OrgMessenger, type TestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { startTelemetry } from './support/telemetry-under-test';

const HOUR = 3_600_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

interface Sample {
  series: string;
  timestamp: number;
  value: number;
  labels?: Record<string, string>;
}

/**
 * Two weeks of hourly traffic ending at `to`: hour `h` is stamped `h` hours and a half after
 * the previous week's start (hour 0 is left out: it may lie past the minute retention).
 * checkout: daily-cycle requests, errors per route (POST /api/pay 1 then 2 an hour, GET
 * /api/cart 1 an hour) and their unlabelled total; search: 50 requests an hour, 1 error on
 * every other hour (route GET /api/search and its total).
 */
function twoWeeksOfTraffic(to: number) {
  const previousFrom = to - 2 * WEEK;
  const samples: Sample[] = [];
  const totals = {
    current: { requests: 0, errors: 0 },
    previous: { requests: 0, errors: 0 },
    checkout: { requests: 0, errors: 0 },
    currentErrors: { pay: 0, cart: 0, search: 0 },
  };
  for (let hour = 1; hour < 14 * 24; hour += 1) {
    const timestamp = previousFrom + hour * HOUR + HOUR / 2;
    const current = hour >= 7 * 24;
    const checkoutRequests = 100 + (hour % 24) * 2;
    const pay = current ? 2 : 1;
    const cart = 1;
    const searchErrors = hour % 2 === 0 ? 1 : 0;
    samples.push(
      { series: 'vantage.checkout.requests', timestamp, value: checkoutRequests },
      { series: 'vantage.checkout.errors', timestamp, value: pay + cart },
      {
        series: 'vantage.checkout.errors',
        timestamp,
        value: pay,
        labels: { route: 'POST /api/pay' },
      },
      {
        series: 'vantage.checkout.errors',
        timestamp,
        value: cart,
        labels: { route: 'GET /api/cart' },
      },
      { series: 'vantage.search.requests', timestamp, value: 50 },
      { series: 'vantage.search.errors', timestamp, value: searchErrors },
      {
        series: 'vantage.search.errors',
        timestamp,
        value: searchErrors,
        labels: { route: 'GET /api/search' },
      },
    );
    const period = current ? totals.current : totals.previous;
    period.requests += checkoutRequests + 50;
    period.errors += pay + cart + searchErrors;
    totals.checkout.requests += checkoutRequests;
    totals.checkout.errors += pay + cart;
    if (current) {
      totals.currentErrors.pay += pay;
      totals.currentErrors.cart += cart;
      totals.currentErrors.search += searchErrors;
    }
  }
  return { samples, totals };
}

const rounded9 = (value: number) => Math.round(value * 1e9) / 1e9;

describe('weekly report (telemetry.report.weekly.1)', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  const to = Math.floor(Date.now() / HOUR) * HOUR;
  const from = to - WEEK;
  const period = { from: new Date(from).toISOString(), to: new Date(to).toISOString() };

  beforeAll(async () => {
    ({ service, client } = await startTelemetry({
      SLO_EVALUATION_INTERVAL_MS: '3600000',
      ANOMALY_SCAN_INTERVAL_MS: '0',
    }));
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  describe('an organisation with two weeks of requests and errors and two SLOs', () => {
    let org: OrgMessenger;
    const { samples, totals } = twoWeeksOfTraffic(to);
    let reply: TelemetryWeeklyReply;

    beforeAll(async () => {
      org = new OrgMessenger(client);
      const result = await org.send<SampleIngestResultDto>(TELEMETRY_SAMPLES_INGEST_PATTERN, {
        samples,
      });
      expect(result.rejected).toBe(0);
      await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
        name: 'Checkout availability',
        service: 'checkout',
        kind: 'availability',
        target: 0.95,
      });
      await org.send<SloDto>(TELEMETRY_SLO_PATTERNS.create, {
        name: 'Search latency',
        service: 'search',
        kind: 'latency',
        target: 0.99,
        thresholdMs: 300,
      });
      reply = await org.send<TelemetryWeeklyReply>(TELEMETRY_REPORT_PATTERNS.weekly, period);
    });

    it('counts the requests and errors of the week and of the week before', () => {
      expect(reply.current).toEqual(totals.current);
      expect(reply.previous).toEqual(totals.previous);
      expect(totals.current).toEqual({ requests: 168 * (123 + 50), errors: 168 * 3 + 84 });
    });

    it('lists the errors of the week per service and route, most frequent first', () => {
      expect(reply.topErrors).toEqual([
        { service: 'checkout', error: 'POST /api/pay', count: totals.currentErrors.pay },
        { service: 'checkout', error: 'GET /api/cart', count: totals.currentErrors.cart },
        { service: 'search', error: 'GET /api/search', count: totals.currentErrors.search },
      ]);
      expect(reply.topErrors.map((error) => error.count)).toEqual([336, 168, 84]);
    });

    it('gives each SLO its attainment, error budget left and state', () => {
      const share = totals.checkout.errors / totals.checkout.requests;
      const consumed = rounded9(share / 0.05);
      expect(reply.slos).toEqual([
        {
          name: 'Checkout availability',
          service: 'checkout',
          objective: 0.95,
          attained: rounded9(1 - share),
          errorBudgetRemaining: rounded9(1 - consumed),
          state: 'met',
        },
        {
          name: 'Search latency',
          service: 'search',
          objective: 0.99,
          attained: null,
          errorBudgetRemaining: 1,
          state: 'met',
        },
      ]);
    });

    it('forecasts next week’s requests with an 80 % interval around the expected total', () => {
      const forecast = reply.forecast;
      expect(forecast).not.toBeNull();
      expect(forecast).toMatchObject({
        from: period.to,
        to: new Date(to + WEEK).toISOString(),
        confidence: 0.8,
      });
      const { expected, lower, upper } = forecast as NonNullable<typeof forecast>;
      expect(lower).toBeLessThanOrEqual(expected);
      expect(expected).toBeLessThanOrEqual(upper);
      expect(upper).toBeGreaterThan(lower);
      // A steady daily cycle: next week looks like this one.
      expect(expected).toBeGreaterThan(totals.current.requests * 0.9);
      expect(expected).toBeLessThan(totals.current.requests * 1.1);
    });

    it('gives the error rate of each day of both weeks', () => {
      expect(reply.dailyErrorRate).toHaveLength(14);
      expect(reply.dailyErrorRate[0]?.from).toBe(new Date(from - WEEK).toISOString());
      // A current day: 24 hours of 3 checkout errors and 12 search errors.
      const currentDay = (24 * 3 + 12) / (24 * 123 + 24 * 50);
      expect(reply.dailyErrorRate[10]?.value).toBeCloseTo(currentDay, 12);
      const previousDay = (24 * 2 + 12) / (24 * 123 + 24 * 50);
      expect(reply.dailyErrorRate[3]?.value).toBeCloseTo(previousDay, 12);
    });

    it('answers another organisation nothing of this one', async () => {
      const other = new OrgMessenger(client);
      const answer = await other.send<TelemetryWeeklyReply>(
        TELEMETRY_REPORT_PATTERNS.weekly,
        period,
      );
      expect(answer.current).toEqual({ requests: 0, errors: 0 });
      expect(answer.slos).toEqual([]);
    });
  });

  it('answers an organisation without data with the empty shape', async () => {
    const org = new OrgMessenger(client);
    const reply = await org.send<TelemetryWeeklyReply>(TELEMETRY_REPORT_PATTERNS.weekly, period);

    expect(reply).toEqual({
      current: { requests: 0, errors: 0 },
      previous: { requests: 0, errors: 0 },
      topErrors: [],
      slos: [],
      forecast: null,
      dailyErrorRate: Array.from({ length: 14 }, (_, day) => ({
        from: new Date(from - WEEK + day * DAY).toISOString(),
        value: 0,
      })),
    });
  });

  it('refuses a period that ends before it starts or is longer than 31 days', async () => {
    const org = new OrgMessenger(client);
    expect(
      await org.failure(TELEMETRY_REPORT_PATTERNS.weekly, { from: period.to, to: period.from }),
    ).toMatchObject({ status: 400 });
    expect(
      await org.failure(TELEMETRY_REPORT_PATTERNS.weekly, {
        from: new Date(to - 40 * DAY).toISOString(),
        to: period.to,
      }),
    ).toMatchObject({ status: 400 });
    expect(
      await org.failure(TELEMETRY_REPORT_PATTERNS.weekly, { from: 'last week', to: period.to }),
    ).toMatchObject({ status: 400 });
  });
});
