// NAB's "windowed Gaussian" baseline: each value against the mean and standard deviation of the
// 1000 values before it (window size as in numenta/NAB). Scored here as the two-sided tail
// probability on the same log scale as ours, so that higher means more anomalous.
import { surpriseToScore, twoSidedSurprise } from '@vantage/anomaly';

const WINDOW = 1000;

export function windowedGaussianScores(values: readonly number[]): number[] {
  const window = new Float64Array(WINDOW);
  let filled = 0;
  let next = 0;
  let sum = 0;
  let sumOfSquares = 0;
  return values.map((value) => {
    let score = 0;
    if (filled > 0) {
      const mean = sum / filled;
      const variance = Math.max(0, sumOfSquares / filled - mean * mean);
      const sd = Math.sqrt(variance) || 1e-6;
      score = surpriseToScore(twoSidedSurprise((value - mean) / sd));
    }
    if (filled === WINDOW) {
      const leaving = window[next] as number;
      sum -= leaving;
      sumOfSquares -= leaving * leaving;
    } else {
      filled++;
    }
    window[next] = value;
    next = (next + 1) % WINDOW;
    sum += value;
    sumOfSquares += value * value;
    return score;
  });
}
