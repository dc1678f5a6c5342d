import { type Aggregation, FORECAST_STEPS_MS, type SeriesKind } from '@vantage/contracts';

const HOUR_MS = 3_600_000;

/**
 * The step a series is naturally read at: the largest of FORECAST_STEPS_MS not above its
 * cadence, so each step usually holds one sample and few steps are empty. The cadence is the
 * declared interval when there is one, else it is inferred from the samples per hour
 * (`hourlyCounts`, nulls for empty hours) of the recent past.
 */
export function naturalStepMs(
  declaredIntervalMs: number | null,
  hourlyCounts: readonly (number | null)[],
): number {
  const cadence = declaredIntervalMs ?? inferredCadenceMs(hourlyCounts);
  const fitting = FORECAST_STEPS_MS.filter((step) => step <= cadence);
  return fitting[fitting.length - 1] ?? FORECAST_STEPS_MS[0] ?? 60_000;
}

function inferredCadenceMs(hourlyCounts: readonly (number | null)[]): number {
  const filled: number[] = [];
  hourlyCounts.forEach((count, index) => {
    if (count !== null && count > 0) filled.push(index);
  });
  if (filled.length === 0) return HOUR_MS;
  const perHour = median(filled.map((index) => hourlyCounts[index] ?? 0));
  if (perHour > 1.5) return HOUR_MS / perHour;
  // About one sample an hour or fewer: the median distance between filled hours.
  const gaps = filled.slice(1).map((index, i) => index - (filled[i] ?? index));
  return gaps.length === 0 ? HOUR_MS : median(gaps) * HOUR_MS;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] ?? 0)
    : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/** Counts are summed per step (events per step); gauges averaged. */
export function naturalAggregation(kind: SeriesKind): Aggregation {
  return kind === 'count' ? 'sum' : 'avg';
}
