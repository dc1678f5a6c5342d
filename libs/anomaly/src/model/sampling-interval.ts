// The series' usual sampling interval: the median of the last few gaps between timestamps, so a
// single outage or a burst of late points does not change what "one step" means.

const REMEMBERED_INTERVALS = 15;

export interface IntervalState {
  /** Last positive gaps in milliseconds, a ring buffer. */
  recent: number[];
  next: number;
}

export function newIntervalState(): IntervalState {
  return { recent: [], next: 0 };
}

export function recordInterval(state: IntervalState, gapMs: number): void {
  if (!(gapMs > 0) || !Number.isFinite(gapMs)) return;
  if (state.recent.length < REMEMBERED_INTERVALS) {
    state.recent.push(gapMs);
  } else {
    state.recent[state.next] = gapMs;
  }
  state.next = (state.next + 1) % REMEMBERED_INTERVALS;
}

/** Median gap, or null before the second point. */
export function typicalInterval(state: IntervalState): number | null {
  if (state.recent.length === 0) return null;
  const sorted = [...state.recent].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[middle] as number)
    : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2;
}

/** How many usual intervals the latest gap spans (1 when unknown or out of order). */
export function stepsSince(state: IntervalState, gapMs: number | null): number {
  const typical = typicalInterval(state);
  if (typical === null || gapMs === null || !(gapMs > 0)) return 1;
  return Math.min(100, Math.max(0.1, gapMs / typical));
}
