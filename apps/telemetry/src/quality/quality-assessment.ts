import { QUALITY_THRESHOLDS, type QualityReason } from '@vantage/contracts';

/** A minute bucket as quality sees it (points.repository QualityBucket). */
export interface QualityBucketInput {
  readonly count: number;
  readonly lastTs?: number;
  /** Timestamps of the valid samples, repeats included. */
  readonly ts: readonly number[];
  readonly nonFinite: number;
  readonly negative: number;
}

export interface QualityInput {
  /** The window judged: [fromMs, toMs). */
  readonly fromMs: number;
  readonly toMs: number;
  readonly nowMs: number;
  /** The series' first valid sample ever (the catalogue): no sample is missing before it. */
  readonly firstTimestamp: number | null;
  /** The catalogue's last sample, for a window without any. */
  readonly lastTimestamp: number | null;
  readonly declaredIntervalMs: number | null;
  readonly buckets: readonly QualityBucketInput[];
}

export interface QualityGap {
  readonly fromMs: number;
  readonly toMs: number;
  readonly missing: number;
}

export interface QualityAssessment {
  readonly intervalMs: number | null;
  readonly intervalSource: 'declared' | 'inferred' | 'unknown';
  readonly completeness: {
    readonly ratio: number | null;
    readonly expected: number;
    readonly missing: number;
    readonly gaps: readonly QualityGap[];
  };
  readonly timeliness: {
    readonly lastTimestamp: number | null;
    readonly lagMs: number | null;
    readonly staleAfterMs: number;
  };
  readonly validity: {
    readonly valid: number;
    readonly nonFinite: number;
    readonly negative: number;
    readonly invalidRatio: number;
  };
  readonly duplicates: { readonly count: number; readonly ratio: number };
  readonly score: number;
  readonly flagged: boolean;
  readonly reasons: QualityReason[];
}

const MAX_GAPS = 20;

/**
 * Judges one series over a window (pure: the buckets come from the caller).
 *
 * - Completeness: the cadence is the declared interval, else the median gap between distinct
 *   sample timestamps. Missing intervals are counted gap by gap (a gap of g is round(g/I) - 1
 *   missing), plus before the first sample and after the last (one interval of grace at the
 *   end, for the sample not yet due), from the later of the window start and the series'
 *   first sample. Gap-based, so replicas or clocks drifting against interval boundaries do not
 *   read as holes.
 * - Timeliness: now minus the last sample; stale past max(3 intervals, 2 minutes).
 * - Validity: samples refused for a non-finite value or a negative count, over all samples.
 * - Duplicates: samples whose timestamp the series already had in the window.
 * - Score 0-100: 40% completeness, 20% each of the others (invalid and duplicate shares count
 *   ten-fold: 10% invalid is a zero). Flagged when any threshold of QUALITY_THRESHOLDS is crossed.
 */
export function assessQuality(input: QualityInput): QualityAssessment {
  const all = input.buckets.flatMap((bucket) =>
    bucket.ts.filter((ts) => ts >= input.fromMs && ts < input.toMs),
  );
  const distinct = [...new Set(all)].sort((a, b) => a - b);
  const valid = input.buckets.reduce((sum, bucket) => sum + bucket.count, 0);
  const nonFinite = input.buckets.reduce((sum, bucket) => sum + bucket.nonFinite, 0);
  const negative = input.buckets.reduce((sum, bucket) => sum + bucket.negative, 0);
  const duplicates = all.length - distinct.length;

  const inferred = medianGap(distinct);
  const intervalMs = input.declaredIntervalMs ?? inferred;
  const intervalSource =
    input.declaredIntervalMs !== null ? 'declared' : inferred !== null ? 'inferred' : 'unknown';

  const lastInWindow = Math.max(
    distinct.at(-1) ?? -Infinity,
    ...input.buckets.map((bucket) => bucket.lastTs ?? -Infinity),
  );
  const lastTimestamp = Number.isFinite(lastInWindow) ? lastInWindow : input.lastTimestamp;
  const lagMs = lastTimestamp === null ? null : Math.max(0, input.nowMs - lastTimestamp);
  const staleAfterMs = Math.max(
    QUALITY_THRESHOLDS.staleIntervals * (intervalMs ?? 0),
    QUALITY_THRESHOLDS.minStaleMs,
  );

  const completeness = completenessOf(distinct, intervalMs, input);
  const invalid = nonFinite + negative;
  const invalidRatio = invalid > 0 ? invalid / (valid + invalid) : 0;
  const duplicateRatio = all.length > 0 ? duplicates / all.length : 0;

  const reasons: QualityReason[] = [];
  if (valid === 0) reasons.push('no_data');
  else if (completeness.ratio !== null && completeness.ratio < QUALITY_THRESHOLDS.minCompleteness) {
    reasons.push('incomplete');
  }
  if (lagMs === null || lagMs > staleAfterMs) reasons.push('stale');
  if (invalidRatio > QUALITY_THRESHOLDS.maxInvalidRatio) reasons.push('invalid_values');
  if (duplicateRatio > QUALITY_THRESHOLDS.maxDuplicateRatio) reasons.push('duplicates');

  const completenessScore = valid === 0 ? 0 : (completeness.ratio ?? 1);
  const timelinessScore = lagMs === null ? 0 : lagMs <= staleAfterMs ? 1 : staleAfterMs / lagMs;
  const score =
    0.4 * completenessScore +
    0.2 * timelinessScore +
    0.2 * (1 - Math.min(1, invalidRatio * 10)) +
    0.2 * (1 - Math.min(1, duplicateRatio * 10));

  return {
    intervalMs,
    intervalSource,
    completeness,
    timeliness: { lastTimestamp, lagMs, staleAfterMs },
    validity: { valid, nonFinite, negative, invalidRatio: round(invalidRatio) },
    duplicates: { count: duplicates, ratio: round(duplicateRatio) },
    score: Math.round(score * 100),
    flagged: reasons.length > 0,
    reasons,
  };
}

/** The median gap between consecutive distinct timestamps; null with fewer than two. */
export function medianGap(sorted: readonly number[]): number | null {
  if (sorted.length < 2) return null;
  const gaps = sorted
    .slice(1)
    .map((ts, index) => ts - (sorted[index] as number))
    .sort((a, b) => a - b);
  const middle = Math.floor(gaps.length / 2);
  return gaps.length % 2 === 1
    ? (gaps[middle] as number)
    : ((gaps[middle - 1] as number) + (gaps[middle] as number)) / 2;
}

function completenessOf(
  distinct: readonly number[],
  intervalMs: number | null,
  input: QualityInput,
): QualityAssessment['completeness'] {
  const startMs = Math.max(input.fromMs, input.firstTimestamp ?? input.fromMs);
  const endMs = Math.min(input.toMs, input.nowMs);
  if (intervalMs === null || intervalMs <= 0 || endMs <= startMs) {
    return { ratio: null, expected: 0, missing: 0, gaps: [] };
  }
  const expected = Math.max(1, Math.round((endMs - startMs) / intervalMs));
  const gaps: QualityGap[] = [];
  const gap = (fromMs: number, toMs: number, missing: number): void => {
    if (missing > 0) gaps.push({ fromMs, toMs, missing });
  };
  const first = distinct[0];
  const last = distinct.at(-1);
  if (first === undefined || last === undefined) {
    gap(startMs, endMs, expected);
  } else {
    gap(startMs, first, Math.floor((first - startMs) / intervalMs));
    for (let index = 1; index < distinct.length; index += 1) {
      const from = distinct[index - 1] as number;
      const to = distinct[index] as number;
      gap(from, to, Math.round((to - from) / intervalMs) - 1);
    }
    gap(last, endMs, Math.floor((endMs - last) / intervalMs) - 1);
  }
  const missing = Math.min(
    expected,
    gaps.reduce((sum, entry) => sum + entry.missing, 0),
  );
  return {
    ratio: round(1 - missing / expected),
    expected,
    missing,
    gaps: gaps.slice(0, MAX_GAPS),
  };
}

function round(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}
