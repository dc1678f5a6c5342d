import { register as defaultRegistry, Registry } from 'prom-client';
import { MessageMetrics } from './message-metrics';
import { LATENCY_BUCKETS, registeredCounter, registeredHistogram } from './registered-metric';

/** The transport's counters as Prometheus series; safe to create twice on one registry. */
export function createPrometheusMessageMetrics(
  registry: Registry = defaultRegistry,
): MessageMetrics {
  const handling = registeredHistogram<'pattern' | 'kind' | 'outcome'>(registry, {
    name: 'vantage_message_handling_seconds',
    help: 'Time to handle a message taken from a stream, by pattern, kind and outcome',
    labelNames: ['pattern', 'kind', 'outcome'],
    buckets: [...LATENCY_BUCKETS],
  });
  const redeliveries = registeredCounter<'pattern'>(registry, {
    name: 'vantage_message_redeliveries_total',
    help: 'Messages delivered again after a replica left them unacknowledged',
    labelNames: ['pattern'],
  });
  const requests = registeredHistogram<'pattern' | 'target' | 'outcome'>(registry, {
    name: 'vantage_request_duration_seconds',
    help: 'Time from sending a request to another service to its reply, by pattern, target and outcome',
    labelNames: ['pattern', 'target', 'outcome'],
    buckets: [...LATENCY_BUCKETS],
  });

  return {
    messageHandled: (pattern, kind, outcome, seconds) =>
      handling.observe({ pattern, kind, outcome }, seconds),
    messageRedelivered: (pattern) => redeliveries.inc({ pattern }),
    requestCompleted: (pattern, target, outcome, seconds) =>
      requests.observe({ pattern, target, outcome }, seconds),
  };
}
