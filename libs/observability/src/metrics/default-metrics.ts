import { collectDefaultMetrics, register as defaultRegistry, Registry } from 'prom-client';

/** One metric that collectDefaultMetrics always registers; its presence means "already collecting". */
const MARKER = 'process_cpu_user_seconds_total';

/** Process and Node.js runtime metrics, registered at most once per registry. */
export function ensureDefaultMetrics(registry: Registry = defaultRegistry): void {
  if (registry.getSingleMetric(MARKER) !== undefined) return;
  collectDefaultMetrics({ register: registry });
}
