// Classical decomposition (centred moving average, per-position means), as R's decompose():
// the M4 Naive2 and Theta benchmarks are defined on it, so it must match R's arithmetic.

export type DecompositionType = 'additive' | 'multiplicative';

export interface ClassicalDecomposition {
  /** One index per position in the cycle, position 0 being the series' first point. */
  readonly figure: number[];
  /** The figure repeated over the series. */
  readonly seasonal: number[];
  /** Centred moving average; NaN at the ends it cannot reach. */
  readonly trend: number[];
}

/** A centred moving average of order `period` (2 x period for even periods), NaN at the ends. */
export function centredMovingAverage(values: ArrayLike<number>, period: number): number[] {
  const n = values.length;
  const trend = new Array<number>(n).fill(Number.NaN);
  const even = period % 2 === 0;
  const half = Math.floor(period / 2);
  for (let t = half; t < n - half; t++) {
    let total = 0;
    if (even) {
      total += 0.5 * values[t - half] + 0.5 * values[t + half];
      for (let j = -half + 1; j <= half - 1; j++) total += values[t + j];
    } else {
      for (let j = -half; j <= half; j++) total += values[t + j];
    }
    trend[t] = total / period;
  }
  return trend;
}

/** Needs at least two full cycles; the caller checks. */
export function classicalDecomposition(
  values: ArrayLike<number>,
  period: number,
  type: DecompositionType,
): ClassicalDecomposition {
  const n = values.length;
  const trend = centredMovingAverage(values, period);
  const sums = new Array<number>(period).fill(0);
  const counts = new Array<number>(period).fill(0);
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(trend[t])) continue;
    const detrended = type === 'additive' ? values[t] - trend[t] : values[t] / trend[t];
    if (!Number.isFinite(detrended)) continue;
    sums[t % period] += detrended;
    counts[t % period]++;
  }
  const raw = sums.map((total, i) => (counts[i] > 0 ? total / counts[i] : Number.NaN));
  const known = raw.filter(Number.isFinite);
  const centre = known.length > 0 ? known.reduce((a, b) => a + b, 0) / known.length : 0;
  const neutral = type === 'additive' ? 0 : 1;
  const figure = raw.map((value) => {
    if (!Number.isFinite(value)) return neutral;
    if (type === 'additive') return value - centre;
    return centre !== 0 ? value / centre : neutral;
  });
  const seasonal = Array.from({ length: n }, (_, t) => figure[t % period]);
  return { figure, seasonal, trend };
}
