// Multiple seasonal decomposition (Bandara, Hyndman and Bergmeir's MSTL): STL is applied to each
// period in turn, shortest first, on the series with the other seasonal components removed, and
// the round is repeated so each component stops absorbing the others.
import { stl } from './stl';

export interface MstlDecomposition {
  /** Periods actually decomposed (those with at least two full cycles), ascending. */
  readonly periods: number[];
  /** One component per period, aligned with the series. */
  readonly seasonals: Float64Array[];
  readonly trend: Float64Array;
  readonly remainder: Float64Array;
  /** The series minus all seasonal components. */
  readonly adjusted: Float64Array;
}

const ITERATIONS = 2;

/** Seasonal windows 11, 15, 19, ...: longer periods have fewer cycles, so smooth them more. */
const seasonalWindowFor = (index: number): number => 11 + 4 * index;

export interface MstlOptions {
  readonly robust?: boolean;
  readonly robustIterations?: number;
  /** Seasonal windows per period (ascending periods); default 11, 15, 19, ... */
  readonly seasonalWindows?: readonly (number | 'periodic')[];
}

export function mstl(
  y: ArrayLike<number>,
  periods: readonly number[],
  options: MstlOptions = {},
): MstlDecomposition {
  const n = y.length;
  const usable = [...new Set(periods)]
    .filter((period) => period >= 2 && n > 2 * period)
    .sort((a, b) => a - b);
  const adjusted = Float64Array.from(y);
  const seasonals = usable.map(() => new Float64Array(n));
  let trend: Float64Array = new Float64Array(n);
  for (let round = 0; round < (usable.length > 0 ? ITERATIONS : 0); round++) {
    usable.forEach((period, index) => {
      const component = seasonals[index];
      for (let t = 0; t < n; t++) adjusted[t] += component[t];
      const fit = stl(adjusted, period, {
        seasonalWindow: options.seasonalWindows?.[index] ?? seasonalWindowFor(index),
        robust: options.robust ?? false,
        robustIterations: options.robustIterations,
      });
      component.set(fit.seasonal);
      trend = fit.trend;
      for (let t = 0; t < n; t++) adjusted[t] -= component[t];
    });
  }
  if (usable.length === 0) trend = Float64Array.from(y);
  const remainder = new Float64Array(n);
  for (let t = 0; t < n; t++) remainder[t] = adjusted[t] - trend[t];
  return { periods: usable, seasonals, trend, remainder, adjusted };
}

/**
 * Strength of a seasonal component, 1 - Var(remainder) / Var(seasonal + remainder) clipped at 0
 * (Wang, Smith and Hyndman 2006): the quantity auto.arima uses to decide seasonal differencing.
 */
export function seasonalStrength(
  seasonal: ArrayLike<number>,
  remainder: ArrayLike<number>,
): number {
  const n = remainder.length;
  const both = new Float64Array(n);
  for (let t = 0; t < n; t++) both[t] = seasonal[t] + remainder[t];
  const total = varianceOf(both);
  if (!(total > 0)) return 0;
  return Math.max(0, 1 - varianceOf(remainder) / total);
}

function varianceOf(values: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < values.length; i++) m += values[i];
  m /= values.length;
  let total = 0;
  for (let i = 0; i < values.length; i++) total += (values[i] - m) ** 2;
  return total / values.length;
}
