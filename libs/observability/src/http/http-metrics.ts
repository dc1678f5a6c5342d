import { Histogram, register as defaultRegistry, Registry } from 'prom-client';
import { LATENCY_BUCKETS, registeredHistogram } from '../metrics/registered-metric';

export type HttpMetricLabel = 'method' | 'route' | 'status';

/** Labelled by route template (`/alerts/:id`), never by raw URL, so series stay bounded. */
export function httpRequestDurationHistogram(
  registry: Registry = defaultRegistry,
): Histogram<HttpMetricLabel> {
  return registeredHistogram<HttpMetricLabel>(registry, {
    name: 'vantage_http_request_duration_seconds',
    help: 'Time to answer an HTTP request, by method, route template and status',
    labelNames: ['method', 'route', 'status'],
    buckets: [...LATENCY_BUCKETS],
  });
}
