import type { LatencyPercentilesDto, RouteKind, RouteSignalsDto } from '@vantage/contracts';
import { type HistogramSeries, mergeBuckets } from './histogram-deltas';
import { type CumulativeBucket, histogramQuantile } from './latency-quantile';

/** Message outcomes that are not a request of their own (a redelivered copy absorbed). */
const NOT_A_REQUEST = new Set(['duplicate']);
/** Message outcomes that count as errors. */
const FAILED_OUTCOMES = new Set(['error', 'expired', 'dead-lettered']);

export interface RouteFilter {
  /** HTTP route templates left out (probes, scrapes). */
  readonly quietHttpRoutes: ReadonlySet<string>;
  /** Message patterns left out (the gateway's readiness pings). */
  readonly quietPattern: (pattern: string) => boolean;
}

interface RouteTotals {
  readonly route: string;
  readonly kind: RouteKind;
  requests: number;
  errors: number;
  buckets: CumulativeBucket[];
}

/**
 * Golden signals per route from the period's histogram deltas: HTTP by `METHOD template`
 * (5xx are errors), messages by pattern (failed, expired and dead-lettered are errors), and the
 * service total over both. Routes are sorted busiest first and cut at `maxRoutes`.
 */
export function routeSignals(
  http: readonly HistogramSeries[],
  messages: readonly HistogramSeries[],
  elapsedSeconds: number,
  filter: RouteFilter,
  maxRoutes: number,
): { total: RouteSignalsDto; routes: RouteSignalsDto[] } {
  const routes = new Map<string, RouteTotals>();
  const add = (route: string, kind: RouteKind, series: HistogramSeries, failed: boolean): void => {
    const key = `${kind} ${route}`;
    const totals = routes.get(key) ?? { route, kind, requests: 0, errors: 0, buckets: [] };
    totals.requests += series.count;
    if (failed) totals.errors += series.count;
    totals.buckets = mergeBuckets(totals.buckets, series.buckets);
    routes.set(key, totals);
  };
  for (const series of http) {
    const { method = '', route = '', status = '' } = series.labels;
    if (filter.quietHttpRoutes.has(route)) continue;
    add(`${method} ${route}`, 'http', series, Number(status) >= 500);
  }
  for (const series of messages) {
    const { pattern = '', outcome = '' } = series.labels;
    if (NOT_A_REQUEST.has(outcome) || filter.quietPattern(pattern)) continue;
    add(pattern, 'message', series, FAILED_OUTCOMES.has(outcome));
  }

  const all = [...routes.values()];
  const total = all.reduce<Omit<RouteTotals, 'kind' | 'route'>>(
    (sum, route) => ({
      requests: sum.requests + route.requests,
      errors: sum.errors + route.errors,
      buckets: mergeBuckets(sum.buckets, route.buckets),
    }),
    { requests: 0, errors: 0, buckets: [] },
  );
  return {
    total: toSignals({ ...total, route: '*' }, 'all', elapsedSeconds),
    routes: all
      .sort((a, b) => b.requests - a.requests || (a.route < b.route ? -1 : 1))
      .slice(0, maxRoutes)
      .map((route) => toSignals(route, route.kind, elapsedSeconds)),
  };
}

function toSignals(
  totals: Omit<RouteTotals, 'kind'>,
  kind: RouteKind | 'all',
  elapsedSeconds: number,
): RouteSignalsDto {
  const { requests, errors } = totals;
  return {
    route: totals.route,
    kind,
    requests,
    errors,
    requestRate: elapsedSeconds > 0 ? requests / elapsedSeconds : 0,
    errorRate: requests > 0 ? errors / requests : null,
    latencyMs: requests > 0 ? percentilesMs(totals.buckets) : null,
  };
}

function percentilesMs(buckets: readonly CumulativeBucket[]): LatencyPercentilesDto | null {
  const ms = (q: number): number | null => {
    const seconds = histogramQuantile(q, buckets);
    return seconds === null ? null : Math.round(seconds * 1e6) / 1e3;
  };
  const p50 = ms(0.5);
  const p95 = ms(0.95);
  const p99 = ms(0.99);
  return p50 === null || p95 === null || p99 === null ? null : { p50, p95, p99 };
}
