import type { DailyPoint } from '@vantage/contracts';
import type { Change, CountedKey, DailyComparison } from './report-model';

/** Arithmetic of the report's figures: pure, so the numbers in the e-mail are unit-tested. */

/** Relative change from the previous value; null when there was nothing to compare with. */
export function relativeChange({ current, previous }: Change): number | null {
  if (previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** numerator / denominator, or null without a denominator. */
export function ratio(numerator: number, denominator: number): number | null {
  return denominator > 0 ? numerator / denominator : null;
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

export function sum(values: readonly number[]): number {
  return values.reduce((total, value) => total + value, 0);
}

export function average(values: readonly number[]): number {
  return values.length === 0 ? 0 : sum(values) / values.length;
}

/**
 * Two weeks of daily points (the week before first, as the data sources send them) split into
 * the two weeks, aligned by weekday. Points outside the two weeks are ignored; a missing day is
 * null.
 */
export function splitDaily(points: readonly DailyPoint[], from: Date, days = 7): DailyComparison {
  const current: (number | null)[] = new Array<number | null>(days).fill(null);
  const previous: (number | null)[] = new Array<number | null>(days).fill(null);
  const dayMs = 86_400_000;
  const start = from.getTime() - days * dayMs;
  for (const point of points) {
    const at = Date.parse(point.from);
    if (!Number.isFinite(at) || !Number.isFinite(point.value)) continue;
    const index = Math.floor((at - start) / dayMs);
    if (index >= 0 && index < days) previous[index] = point.value;
    else if (index >= days && index < days * 2) current[index - days] = point.value;
  }
  return { current, previous };
}

/** How many instants fall in each of the day ranges [starts[i], starts[i + 1]). */
export function countPerDay(instants: readonly number[], starts: readonly number[]): number[] {
  const counts = new Array<number>(Math.max(starts.length - 1, 0)).fill(0);
  for (const instant of instants) {
    for (let index = 0; index < counts.length; index += 1) {
      if (instant >= (starts[index] as number) && instant < (starts[index + 1] as number)) {
        counts[index] = (counts[index] as number) + 1;
        break;
      }
    }
  }
  return counts;
}

/** The `limit` keys with the most this week (ties by key), with last week's count beside. */
export function topKeys(
  current: ReadonlyMap<string, number>,
  previous: ReadonlyMap<string, number>,
  limit: number,
): CountedKey[] {
  return [...current.entries()]
    .filter(([, count]) => count > 0)
    .sort(([keyA, a], [keyB, b]) => b - a || (keyA < keyB ? -1 : keyA > keyB ? 1 : 0))
    .slice(0, limit)
    .map(([key, count]) => ({ key, current: count, previous: previous.get(key) ?? 0 }));
}
