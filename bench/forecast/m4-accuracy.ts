// The M4 competition's accuracy measures, as in its published R code: sMAPE and MASE per series
// (MASE scaled by the in-sample seasonal naive error), averaged over series, and OWA relative to
// Naive2's averages.

/** Mean of 200 |y - f| / (|y| + |f|); a step where both are 0 counts as no error. */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  let total = 0;
  for (let h = 0; h < actual.length; h++) {
    const denominator = Math.abs(actual[h]) + Math.abs(forecast[h]);
    total += denominator === 0 ? 0 : (200 * Math.abs(actual[h] - forecast[h])) / denominator;
  }
  return total / actual.length;
}

/** Mean absolute error over the in-sample mean absolute seasonal (lag m) difference. */
export function mase(
  insample: readonly number[],
  actual: readonly number[],
  forecast: readonly number[],
  m: number,
): number {
  let scale = 0;
  for (let t = m; t < insample.length; t++) scale += Math.abs(insample[t] - insample[t - m]);
  scale /= insample.length - m;
  let error = 0;
  for (let h = 0; h < actual.length; h++) error += Math.abs(actual[h] - forecast[h]);
  return error / actual.length / scale;
}

/** Share of actual values inside [lo, hi]. */
export function coverage(
  actual: readonly number[],
  lo: readonly number[],
  hi: readonly number[],
): number {
  let inside = 0;
  for (let h = 0; h < actual.length; h++) if (actual[h] >= lo[h] && actual[h] <= hi[h]) inside++;
  return inside / actual.length;
}

export function owa(
  method: { smape: number; mase: number },
  naive2: { smape: number; mase: number },
): number {
  return 0.5 * (method.smape / naive2.smape + method.mase / naive2.mase);
}
