// "Is this statistic unusual for this series?": a long-run, exponentially weighted mean and
// variance of a statistic, against which its current value is read as a z-score. This is the
// windowed-Gaussian idea of HTM's anomaly likelihood, kept in O(1) memory.
import { warmAlpha } from '../math/smoothing';

/** About 1000 steps of memory. */
const GAUGE_ALPHA = 0.001;
/** Deviations beyond this many standard deviations update the variance as this many. */
const CLIP_SIGMAS = 3;

export interface GaugeState {
  mean: number;
  variance: number;
  count: number;
}

export function newGauge(): GaugeState {
  return { mean: 0, variance: 0, count: 0 };
}

/**
 * z-score of `value` against what the gauge has seen so far (0 until it has seen enough); the
 * standard deviation is at least `floor`, below which differences are rounding, not signal.
 */
export function gaugeZ(state: GaugeState, value: number, minCount: number, floor: number): number {
  const sd = Math.max(Math.sqrt(state.variance), floor);
  if (state.count < minCount || !(sd > 0)) return 0;
  return (value - state.mean) / sd;
}

export function updateGauge(state: GaugeState, value: number): void {
  state.count++;
  const alpha = warmAlpha(GAUGE_ALPHA, state.count);
  let deviation = value - state.mean;
  if (state.count > 30 && state.variance > 0) {
    const limit = CLIP_SIGMAS * Math.sqrt(state.variance);
    deviation = Math.max(-limit, Math.min(limit, deviation));
  }
  state.mean += alpha * deviation;
  state.variance = (1 - alpha) * (state.variance + alpha * deviation * deviation);
}
