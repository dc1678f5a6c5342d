import type { GoldenSignalsReportedEvent, RouteSignalsDto, SeriesKind } from '@vantage/contracts';
import type { TimedValue } from '../series/bucket-aggregation';
import type { SeriesBatch } from '../series/sample-writer';
import { seriesIdOf } from '../series/series-identity';

/**
 * The series one golden-signals report becomes, all stamped with the end of its period:
 *
 *   vantage.<service>.requests            count   requests completed in the period
 *   vantage.<service>.errors              count   of which failed
 *   vantage.<service>.request_rate        gauge   requests per second
 *   vantage.<service>.error_rate          gauge   errors / requests (no sample without requests)
 *   vantage.<service>.latency_p50_ms      gauge   (and p95, p99; no sample without requests)
 *   vantage.<service>.cpu_utilisation     gauge   1 = one core busy
 *   vantage.<service>.rss_bytes           gauge
 *   vantage.<service>.heap_used_bytes     gauge
 *   vantage.<service>.event_loop_lag_mean_ms / event_loop_lag_p99_ms  gauge
 *
 * The traffic and latency series exist for the whole service (no labels) and per route
 * (label `route`: `GET /api/v1/rad-sets/:id`, or a message pattern). Replicas of a service
 * report into the same series: `sum` of `requests` is the service's total, `avg` of a rate or
 * percentile the mean over replicas.
 */
export function goldenSignalSamples(report: GoldenSignalsReportedEvent): SeriesBatch[] {
  const ts = Date.parse(report.periodEnd);
  const prefix = `vantage.${report.service}`;
  const batches: SeriesBatch[] = [];
  const add = (
    signal: string,
    kind: SeriesKind,
    value: number | null | undefined,
    labels: Record<string, string> = {},
  ): void => {
    if (value === null || value === undefined || !Number.isFinite(value)) return;
    const name = `${prefix}.${signal}`;
    batches.push({
      meta: {
        seriesId: seriesIdOf({ name, labels }),
        name,
        labels,
        kind,
        source: 'golden-signals',
        intervalMs: report.intervalMs,
      },
      samples: [{ ts, value }],
      invalid: [],
    });
  };
  const addRoute = (route: RouteSignalsDto, labels: Record<string, string>): void => {
    add('requests', 'count', route.requests, labels);
    add('errors', 'count', route.errors, labels);
    add('request_rate', 'gauge', route.requestRate, labels);
    add('error_rate', 'gauge', route.errorRate, labels);
    add('latency_p50_ms', 'gauge', route.latencyMs?.p50, labels);
    add('latency_p95_ms', 'gauge', route.latencyMs?.p95, labels);
    add('latency_p99_ms', 'gauge', route.latencyMs?.p99, labels);
  };

  addRoute(report.total, {});
  for (const route of report.routes) addRoute(route, { route: route.route });
  add('cpu_utilisation', 'gauge', report.process.cpuUtilisation);
  add('rss_bytes', 'gauge', report.process.rssBytes);
  add('heap_used_bytes', 'gauge', report.process.heapUsedBytes);
  add('event_loop_lag_mean_ms', 'gauge', report.process.eventLoopLagMeanMs);
  add('event_loop_lag_p99_ms', 'gauge', report.process.eventLoopLagP99Ms);
  return batches;
}

/**
 * The series of several reports (replicas and periods of one minute) as one batch: one entry
 * per series holding every report's sample, so the series costs one write per bucket.
 */
export function foldedSamples(reports: readonly GoldenSignalsReportedEvent[]): SeriesBatch[] {
  const bySeries = new Map<string, SeriesBatch & { samples: TimedValue[] }>();
  for (const batch of reports.flatMap(goldenSignalSamples)) {
    const known = bySeries.get(batch.meta.seriesId);
    if (known) known.samples.push(...batch.samples);
    else bySeries.set(batch.meta.seriesId, { ...batch, samples: [...batch.samples] });
  }
  return [...bySeries.values()];
}
