// Replaces outliers before fitting, as R's tsclean: a point whose remainder (after a robust
// seasonal-trend fit) lies beyond three interquartile ranges of the remainders is refilled as if
// missing. The last cycle is left alone: there, a new level cannot yet be told from an outlier.
import { quantile } from '../numeric/descriptive';
import { mstl } from '../seasonality/mstl';
import { fillMissing } from './fill-missing';

const IQR_MULTIPLE = 3;
const SMOOTHING_HALF_WIDTH = 4;
/** Enough for the robustness weights to settle on hourly series; 15 (R's) costs 4x more. */
const ROBUST_ITERATIONS = 4;

export interface CleanedSeries {
  readonly values: Float64Array;
  readonly replaced: number;
}

export function cleanOutliers(y: Float64Array, periods: readonly number[]): CleanedSeries {
  const n = y.length;
  const seasonalPeriods = periods.filter((period) => n > 2 * period);
  const remainder =
    seasonalPeriods.length > 0
      ? mstl(y, seasonalPeriods, { robust: true, robustIterations: ROBUST_ITERATIONS }).remainder
      : residualsFromRunningMedian(y);
  const q1 = quantile(remainder, 0.25);
  const q3 = quantile(remainder, 0.75);
  const spread = q3 - q1;
  if (!(spread > 0)) return { values: y, replaced: 0 };
  const low = q1 - IQR_MULTIPLE * spread;
  const high = q3 + IQR_MULTIPLE * spread;
  const protectedFrom = n - Math.max(periods[0] ?? 1, SMOOTHING_HALF_WIDTH + 1);
  const marked = Float64Array.from(y);
  let replaced = 0;
  for (let t = 0; t < protectedFrom; t++) {
    if (remainder[t] < low || remainder[t] > high) {
      marked[t] = Number.NaN;
      replaced++;
    }
  }
  if (replaced === 0) return { values: y, replaced };
  return { values: fillMissing(marked, periods[0]), replaced };
}

function residualsFromRunningMedian(y: Float64Array): Float64Array {
  const n = y.length;
  const residuals = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    const from = Math.max(0, t - SMOOTHING_HALF_WIDTH);
    const to = Math.min(n, t + SMOOTHING_HALF_WIDTH + 1);
    residuals[t] = y[t] - quantile(y.subarray(from, to), 0.5);
  }
  return residuals;
}
