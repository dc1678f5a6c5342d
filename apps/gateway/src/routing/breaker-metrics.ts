import { registeredCounter } from '@vantage/observability';
import { Counter, Gauge, register as defaultRegistry, Registry } from 'prom-client';
import type { BreakerState } from './circuit-breaker';

/** The gauge's value per state, as dashboards and alert rules read it. */
export const BREAKER_STATE_VALUES: Readonly<Record<BreakerState, number>> = {
  closed: 0,
  'half-open': 1,
  open: 2,
};

export interface BreakerMetrics {
  readonly state: Gauge<'target'>;
  readonly rejections: Counter<'target'>;
}

/** Registered once per registry: a second gateway in one test process shares them. */
export function breakerMetrics(registry: Registry = defaultRegistry): BreakerMetrics {
  return {
    state: registeredGauge(registry, {
      name: 'vantage_circuit_breaker_state',
      help: 'Circuit breaker per downstream service: 0 closed, 1 half-open, 2 open',
      labelNames: ['target'],
    }),
    rejections: registeredCounter<'target'>(registry, {
      name: 'vantage_circuit_breaker_rejections_total',
      help: 'Calls refused at once because the target service circuit breaker was open',
      labelNames: ['target'],
    }),
  };
}

function registeredGauge(
  registry: Registry,
  config: { name: string; help: string; labelNames: readonly 'target'[] },
): Gauge<'target'> {
  const existing = registry.getSingleMetric(config.name);
  if (existing === undefined) return new Gauge<'target'>({ ...config, registers: [registry] });
  if (existing instanceof Gauge) return existing as Gauge<'target'>;
  throw new Error(`metric ${config.name} is already registered with another type`);
}
