import {
  Counter,
  CounterConfiguration,
  Histogram,
  HistogramConfiguration,
  Registry,
} from 'prom-client';

/**
 * Metrics are registered once per registry: a second caller (another module, a second app in the
 * same test process) gets the existing metric instead of prom-client's "already registered" error.
 */
export function registeredHistogram<T extends string>(
  registry: Registry,
  config: Omit<HistogramConfiguration<T>, 'registers'>,
): Histogram<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing === undefined) return new Histogram<T>({ ...config, registers: [registry] });
  if (existing instanceof Histogram) return existing as Histogram<T>;
  throw new Error(`metric ${config.name} is already registered with another type`);
}

export function registeredCounter<T extends string>(
  registry: Registry,
  config: Omit<CounterConfiguration<T>, 'registers'>,
): Counter<T> {
  const existing = registry.getSingleMetric(config.name);
  if (existing === undefined) return new Counter<T>({ ...config, registers: [registry] });
  if (existing instanceof Counter) return existing as Counter<T>;
  throw new Error(`metric ${config.name} is already registered with another type`);
}

/** Seconds, from a fast cache hit to a slow downstream call. */
export const LATENCY_BUCKETS: readonly number[] = [
  0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
];
