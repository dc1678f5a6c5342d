import type { TimeRange } from './health-window';

/** A stored count at a bucket start: what the bucket reader answers, reduced. */
export interface TimedCount {
  readonly eventId: string;
  readonly start: Date;
  readonly count: number;
}

/**
 * Sums counts per event id and period. `periods` are sorted and do not overlap; each event id
 * gets an array with one sum per period (0 where it had nothing), and a row outside every
 * period (a gap between same-weekday periods) is ignored.
 */
export function sumByPeriod(
  rows: Iterable<TimedCount>,
  periods: readonly TimeRange[],
): Map<string, number[]> {
  const starts = periods.map((period) => period.from.getTime());
  const ends = periods.map((period) => period.to.getTime());
  const sums = new Map<string, number[]>();
  for (const row of rows) {
    const index = periodIndex(starts, ends, row.start.getTime());
    if (index === -1) continue;
    let perPeriod = sums.get(row.eventId);
    if (!perPeriod) {
      perPeriod = new Array<number>(periods.length).fill(0);
      sums.set(row.eventId, perPeriod);
    }
    perPeriod[index] = (perPeriod[index] as number) + row.count;
  }
  return sums;
}

/** Binary search: the period holding `at`, or -1. */
function periodIndex(starts: readonly number[], ends: readonly number[], at: number): number {
  let low = 0;
  let high = starts.length - 1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (at < (starts[middle] as number)) high = middle - 1;
    else if (at >= (ends[middle] as number)) low = middle + 1;
    else return middle;
  }
  return -1;
}
