import {
  createPrometheusMessageMetrics,
  httpRequestDurationHistogram,
} from '@vantage/observability';
import { Registry } from 'prom-client';
import { GOLDEN_SIGNALS_REPORTED_ROUTES, GoldenSignalsCollector } from './golden-signals.collector';

describe('GoldenSignalsCollector', () => {
  let registry: Registry;
  let collector: GoldenSignalsCollector;

  beforeEach(async () => {
    registry = new Registry();
    collector = new GoldenSignalsCollector({
      service: 'billing',
      instanceId: 'billing-1',
      intervalMs: 10_000,
      registry,
    });
    await collector.start();
  });

  afterEach(() => collector.stop());

  it('reports per-route requests, 5xx errors and latency percentiles of the period', async () => {
    const http = httpRequestDurationHistogram(registry);
    for (let i = 0; i < 9; i += 1) {
      http.observe({ method: 'GET', route: '/invoices', status: '200' }, 0.02);
    }
    http.observe({ method: 'GET', route: '/invoices', status: '503' }, 2);
    http.observe({ method: 'GET', route: '/health/live', status: '200' }, 0.001);

    const report = await collector.collect();

    expect(report).toMatchObject({
      service: 'billing',
      instanceId: 'billing-1',
      intervalMs: 10_000,
    });
    expect(report.routes).toEqual([
      expect.objectContaining({ route: 'GET /invoices', kind: 'http', requests: 10, errors: 1 }),
    ]);
    const route = report.routes[0];
    expect(route?.errorRate).toBeCloseTo(0.1);
    expect(route?.latencyMs?.p50).toBeGreaterThan(10);
    expect(route?.latencyMs?.p50).toBeLessThanOrEqual(25);
    expect(route?.latencyMs?.p99).toBeGreaterThan(1000);
    expect(report.total).toMatchObject({ route: '*', kind: 'all', requests: 10, errors: 1 });
    expect(report.process.rssBytes).toBeGreaterThan(0);
  });

  it('carries the busiest routes only, and counts every route in the total', async () => {
    const http = httpRequestDurationHistogram(registry);
    const routes = GOLDEN_SIGNALS_REPORTED_ROUTES + 5;
    for (let route = 0; route < routes; route += 1) {
      // Route n gets n + 1 requests: the busiest are the last ones.
      for (let i = 0; i <= route; i += 1) {
        http.observe({ method: 'GET', route: `/r${route}`, status: '200' }, 0.01);
      }
    }

    const report = await collector.collect();

    expect(report.routes.map((route) => route.route)).toEqual(
      Array.from({ length: GOLDEN_SIGNALS_REPORTED_ROUTES }, (_, i) => `GET /r${routes - 1 - i}`),
    );
    expect(report.total.requests).toBe((routes * (routes + 1)) / 2);
  });

  it('counts only what happened since the previous report', async () => {
    const http = httpRequestDurationHistogram(registry);
    http.observe({ method: 'POST', route: '/pay', status: '201' }, 0.1);
    await collector.collect();
    http.observe({ method: 'POST', route: '/pay', status: '201' }, 0.1);
    http.observe({ method: 'POST', route: '/pay', status: '201' }, 0.1);

    const second = await collector.collect();
    const third = await collector.collect();

    expect(second.total.requests).toBe(2);
    expect(third.total).toMatchObject({ requests: 0, errors: 0, errorRate: null, latencyMs: null });
    expect(third.routes).toEqual([expect.objectContaining({ route: 'POST /pay', requests: 0 })]);
  });

  it('reports handled messages by pattern, failures as errors, absorbed duplicates not at all', async () => {
    const messages = createPrometheusMessageMetrics(registry);
    messages.messageHandled('billing.plan.change.1', 'request', 'ok', 0.01);
    messages.messageHandled('billing.plan.change.1', 'request', 'error', 0.01);
    messages.messageHandled('billing.plan.change.1', 'request', 'duplicate', 0.01);
    messages.messageHandled('billing.system.ping.1', 'request', 'ok', 0.001);

    const report = await collector.collect();

    expect(report.routes).toEqual([
      expect.objectContaining({
        route: 'billing.plan.change.1',
        kind: 'message',
        requests: 2,
        errors: 1,
      }),
    ]);
  });
});
