// Summary statistics over plain arrays, written once so every model treats edge cases alike.

export function sum(values: ArrayLike<number>): number {
  let total = 0;
  for (let i = 0; i < values.length; i++) total += values[i];
  return total;
}

export function mean(values: ArrayLike<number>): number {
  return values.length === 0 ? Number.NaN : sum(values) / values.length;
}

/** Population variance (divides by n): the scale estimate the models need. */
export function variance(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  const m = mean(values);
  let total = 0;
  for (let i = 0; i < n; i++) total += (values[i] - m) ** 2;
  return total / n;
}

/** Linear-interpolated quantile (R's type 7) of unsorted values. */
export function quantile(values: ArrayLike<number>, p: number): number {
  const sorted = Array.from(values).sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * p;
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
}

export function median(values: ArrayLike<number>): number {
  return quantile(values, 0.5);
}

/**
 * Sample autocorrelations r_1..r_maxLag with the usual biased estimator (as R's acf), which keeps
 * the sequence positive-definite; a constant series has none, so it returns zeros.
 */
export function autocorrelations(values: ArrayLike<number>, maxLag: number): number[] {
  const n = values.length;
  const m = mean(values);
  let denominator = 0;
  for (let i = 0; i < n; i++) denominator += (values[i] - m) ** 2;
  const result = new Array<number>(maxLag).fill(0);
  if (!(denominator > 0)) return result;
  for (let lag = 1; lag <= maxLag && lag < n; lag++) {
    let numerator = 0;
    for (let i = lag; i < n; i++) numerator += (values[i] - m) * (values[i - lag] - m);
    result[lag - 1] = numerator / denominator;
  }
  return result;
}

/** Least-squares line through (0, y0), (1, y1), ...: intercept at index 0 and slope. */
export function linearTrend(values: ArrayLike<number>): { intercept: number; slope: number } {
  const n = values.length;
  if (n === 0) return { intercept: Number.NaN, slope: 0 };
  if (n === 1) return { intercept: values[0], slope: 0 };
  const xMean = (n - 1) / 2;
  const yMean = mean(values);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xMean) * (values[i] - yMean);
    sxx += (i - xMean) ** 2;
  }
  const slope = sxy / sxx;
  return { intercept: yMean - slope * xMean, slope };
}

export function allFinite(values: ArrayLike<number>): boolean {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return false;
  return true;
}
