// The standard Theta method (Assimakopoulos and Nikolopoulos 2000) in Hyndman and Billah's form:
// simple exponential smoothing with a drift of half the linear trend's slope, on the series
// deseasonalised as in the M4 competition, with SES's prediction intervals.
import { linearTrend } from '../numeric/descriptive';
import { fitEts } from './ets/ets-fit';
import { normalIntervals } from './intervals';
import { ForecastModel, ModelForecast, ModelInput } from './model';
import { m4SeasonalIndices, naive, projectSeasonalIndices } from './naive';

export const theta: ForecastModel = (input: ModelInput): ModelForecast => {
  const { y, horizon, periods, levels } = input;
  const n = y.length;
  const m = periods[0];
  const seasonal = m4SeasonalIndices(y, m);
  const adjusted = seasonal ? y.map((value, t) => value / seasonal[t]) : y;
  const fit = fitEts(adjusted, { error: 'A', trend: 'N', season: 'N', m: 1 });
  if (fit === undefined) return { ...naive(input), description: 'Theta fallback Naive' };
  const { alpha } = fit.params;
  const halfSlope = linearTrend(adjusted).slope / 2;
  const future =
    seasonal && m !== undefined
      ? projectSeasonalIndices(seasonal, m, horizon)
      : new Array<number>(horizon).fill(1);
  const sigma = Math.sqrt(fit.sigma2);
  const start = (1 - (1 - alpha) ** n) / alpha;
  const point = future.map((index, h) => (fit.final.level + halfSlope * (h + start)) * index);
  const sd = future.map((index, h) => sigma * Math.sqrt(1 + alpha * alpha * h) * index);
  return {
    description: seasonal ? `Theta(${m})` : 'Theta(non-seasonal)',
    point,
    intervals: normalIntervals(point, sd, levels),
  };
};
