// The latest sample of a points bucket as one string, so that `$max` keeps it (see
// PointsRepository.apply): a conditional second update would be a whole-collection scan on
// FerretDB v1, which pushes down no filter but `_id` alone.

/** A bucket's latest valid sample: its value and epoch ms. */
export interface LatestSample {
  readonly last: number;
  readonly lastTs: number;
}

/** Digits of the widest timestamp a sample may carry (a safe integer of epoch ms). */
const LATEST_TS_DIGITS = 16;

/**
 * The latest sample of a write as one string that sorts by timestamp: zero-padded epoch ms,
 * then the value. `$max` of it keeps the latest sample in the same update as the counts; on a
 * timestamp tie the value that sorts last as text is kept (either is a latest sample).
 */
export function latestKeyOf(latest: LatestSample): string {
  return `${String(latest.lastTs).padStart(LATEST_TS_DIGITS, '0')}|${String(latest.last)}`;
}

/** The latest sample a key holds; undefined for a key that is not one. */
export function parseLatestKey(key: string): LatestSample | undefined {
  const separator = key.indexOf('|');
  const lastTs = Number(key.slice(0, separator));
  const last = Number(key.slice(separator + 1));
  return separator > 0 && Number.isFinite(lastTs) && Number.isFinite(last)
    ? { last, lastTs }
    : undefined;
}
