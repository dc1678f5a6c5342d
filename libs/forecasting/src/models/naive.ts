// The benchmark models: naive (last value), seasonal naive (last cycle) and the M4 competition's
// Naive2 (naive on the series deseasonalised by classical multiplicative decomposition when the
// 90% autocorrelation test finds seasonality).
import { classicalDecomposition } from '../seasonality/classical-decomposition';
import { isSeasonalByAcfTest } from '../seasonality/seasonality-test';
import { normalIntervals } from './intervals';
import { ForecastModel, ModelForecast, ModelInput } from './model';

/** Root mean square of the lag-`lag` differences: the one-step error of a (seasonal) naive. */
function lagDifferenceSd(y: ArrayLike<number>, lag: number): number {
  let total = 0;
  let count = 0;
  for (let t = lag; t < y.length; t++) {
    total += (y[t] - y[t - lag]) ** 2;
    count++;
  }
  return count > 0 ? Math.sqrt(total / count) : 0;
}

export const naive: ForecastModel = ({ y, horizon, levels }: ModelInput): ModelForecast => {
  const last = y[y.length - 1];
  const sigma = lagDifferenceSd(y, 1);
  const point = new Array<number>(horizon).fill(last);
  const sd = point.map((_, h) => sigma * Math.sqrt(h + 1));
  return { description: 'Naive', point, intervals: normalIntervals(point, sd, levels) };
};

export const seasonalNaive: ForecastModel = (input: ModelInput): ModelForecast => {
  const { y, horizon, periods, levels } = input;
  const m = periods[0];
  if (m === undefined || y.length < m) return naive(input);
  const n = y.length;
  const sigma = lagDifferenceSd(y, m);
  const point = Array.from({ length: horizon }, (_, h) => y[n - m + (h % m)]);
  const sd = point.map((_, h) => sigma * Math.sqrt(Math.floor(h / m) + 1));
  return {
    description: `SeasonalNaive(${m})`,
    point,
    intervals: normalIntervals(point, sd, levels),
  };
};

/** The multiplicative seasonal indices M4 uses, or undefined when the series is not seasonal. */
export function m4SeasonalIndices(
  y: ArrayLike<number>,
  m: number | undefined,
): number[] | undefined {
  if (m === undefined || m < 2 || !isSeasonalByAcfTest(y, m)) return undefined;
  for (let t = 0; t < y.length; t++) if (!(y[t] > 0)) return undefined;
  return classicalDecomposition(y, m, 'multiplicative').seasonal;
}

/** The indices for steps n, n+1, ...: the last cycle of the in-sample indices, repeated. */
export function projectSeasonalIndices(
  seasonal: readonly number[],
  m: number,
  horizon: number,
): number[] {
  const n = seasonal.length;
  return Array.from({ length: horizon }, (_, h) => seasonal[n - m + (h % m)]);
}

export const naive2: ForecastModel = (input: ModelInput): ModelForecast => {
  const { y, horizon, periods, levels } = input;
  const m = periods[0];
  const seasonal = m4SeasonalIndices(y, m);
  if (seasonal === undefined || m === undefined) {
    return { ...naive(input), description: 'Naive2(non-seasonal)' };
  }
  const adjusted = Float64Array.from(y, (value, t) => value / seasonal[t]);
  const future = projectSeasonalIndices(seasonal, m, horizon);
  const sigma = lagDifferenceSd(adjusted, 1);
  const last = adjusted[adjusted.length - 1];
  const point = future.map((index) => last * index);
  const sd = future.map((index, h) => sigma * Math.sqrt(h + 1) * index);
  return { description: `Naive2(${m})`, point, intervals: normalIntervals(point, sd, levels) };
};
