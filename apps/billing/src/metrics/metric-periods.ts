import type { MetricsGranularity } from '@vantage/contracts';

export interface Period {
  /** Inclusive, ms. */
  readonly start: number;
  /** Exclusive, ms. */
  readonly end: number;
}

/**
 * The weeks (ISO: from Monday 00:00 UTC) or calendar months (UTC) that cover [from, to), the
 * first and last clipped to the range.
 */
export function periodsOf(from: Date, to: Date, granularity: MetricsGranularity): Period[] {
  const periods: Period[] = [];
  let start = alignDown(from.getTime(), granularity);
  while (start < to.getTime()) {
    const next = advance(start, granularity);
    periods.push({ start: Math.max(start, from.getTime()), end: Math.min(next, to.getTime()) });
    start = next;
  }
  return periods;
}

function alignDown(ms: number, granularity: MetricsGranularity): number {
  const date = new Date(ms);
  if (granularity === 'month') return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
  const midnight = Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  return midnight - sinceMonday * 86_400_000;
}

function advance(ms: number, granularity: MetricsGranularity): number {
  if (granularity === 'week') return ms + 7 * 86_400_000;
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
}
