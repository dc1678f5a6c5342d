/** Percentiles of latency samples, by the nearest-rank method (no interpolation to explain). */
export function percentile(sortedSamples: readonly number[], p: number): number {
  if (sortedSamples.length === 0) throw new Error('percentile of no samples');
  const rank = Math.ceil((p / 100) * sortedSamples.length);
  return sortedSamples[Math.min(sortedSamples.length, Math.max(1, rank)) - 1];
}

export interface LatencySummary {
  readonly p50Ms: number;
  readonly p99Ms: number;
}

export function summarizeLatencies(samplesMs: readonly number[]): LatencySummary {
  const sorted = [...samplesMs].sort((a, b) => a - b);
  return { p50Ms: percentile(sorted, 50), p99Ms: percentile(sorted, 99) };
}

/** Rounds for reports: three decimals is below the noise of any number measured here. */
export function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? Number.NaN : round3(numerator / denominator);
}
