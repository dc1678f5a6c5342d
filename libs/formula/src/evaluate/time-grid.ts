import { FormulaLimitError, FormulaRangeError } from '../formula-errors';
import type { FormulaLimits } from '../formula-limits';

export const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/** The range a formula is evaluated over, as the caller gives it. */
export interface TimeRange {
  /** Inclusive. */
  readonly from: Date | number;
  /** Exclusive. */
  readonly to: Date | number;
}

/** The points of a result: `points` intervals of `intervalMs` starting at `from`. */
export interface TimeGrid {
  /** The range as asked, epoch ms. */
  readonly requestedFrom: number;
  readonly requestedTo: number;
  readonly from: number;
  readonly to: number;
  readonly intervalMs: number;
  readonly points: number;
}

/**
 * Aligns the range to the interval so points fall on bucket boundaries: an interval that
 * divides a day starts on its own multiple since the epoch (UTC), so hourly points start on the
 * hour and the service can read hour buckets; longer intervals start at UTC midnight.
 * The last point may extend past `to` (an incomplete interval).
 */
export function buildTimeGrid(
  range: TimeRange,
  intervalMs: number,
  limits: FormulaLimits,
): TimeGrid {
  const from = toMs(range.from, 'from');
  const to = toMs(range.to, 'to');
  if (to <= from) throw new FormulaRangeError('range.to must be after range.from');
  if (!Number.isSafeInteger(intervalMs) || intervalMs <= 0 || intervalMs % MINUTE_MS !== 0) {
    throw new FormulaRangeError('intervalMs must be a positive whole number of minutes');
  }
  const alignment = DAY_MS % intervalMs === 0 ? intervalMs : DAY_MS;
  const start = Math.floor(from / alignment) * alignment;
  const points = Math.ceil((to - start) / intervalMs);
  if (points > limits.maxPoints) {
    throw new FormulaLimitError(
      'maxPoints',
      limits.maxPoints,
      `the range holds ${points} intervals of ${intervalMs / MINUTE_MS} min; at most ${limits.maxPoints} are allowed: widen the interval or shorten the range`,
    );
  }
  return {
    requestedFrom: from,
    requestedTo: to,
    from: start,
    to: start + points * intervalMs,
    intervalMs,
    points,
  };
}

/**
 * Which points cover less than their whole interval: the first when the range starts after
 * the interval does, the last when the range ends before it does (asked up to 11:13, the
 * 11:00 hour holds 13 minutes), and any interval still open at `now` (when given).
 */
export function partialPoints(grid: TimeGrid, now?: number): boolean[] {
  return Array.from({ length: grid.points }, (_, i) => {
    const start = grid.from + i * grid.intervalMs;
    const end = start + grid.intervalMs;
    return start < grid.requestedFrom || end > grid.requestedTo || (now !== undefined && end > now);
  });
}

function toMs(value: Date | number, name: string): number {
  const ms = value instanceof Date ? value.getTime() : value;
  // Date's own bounds (±8.64e15 ms), so every instant the grid produces is a valid Date.
  if (!Number.isFinite(ms) || Math.abs(ms) > 8.64e15) {
    throw new FormulaRangeError(`range.${name} is not a valid time`);
  }
  return ms;
}

const NICE_INTERVALS_MS = [1, 5, 10, 15, 30, 60, 180, 360, 720, 1_440, 10_080].map(
  (minutes) => minutes * MINUTE_MS,
);

/**
 * The finest interval from 1m, 5m, 10m, 15m, 30m, 1h, 3h, 6h, 12h, 1d, 1w that keeps the range
 * within `maxPoints` points (default 500, what a chart shows well); the coarsest if none does.
 */
export function chooseIntervalMs(range: TimeRange, maxPoints = 500): number {
  const span = toMs(range.to, 'to') - toMs(range.from, 'from');
  return (
    NICE_INTERVALS_MS.find((interval) => Math.ceil(span / interval) + 1 <= maxPoints) ??
    NICE_INTERVALS_MS[NICE_INTERVALS_MS.length - 1]
  );
}
