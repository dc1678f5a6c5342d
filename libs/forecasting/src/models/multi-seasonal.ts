// Multiple seasonalities (a day and a week on hourly data) by decomposition, as R's stlf on an
// mstl fit: seasonal components are projected as their last cycle, and what remains is forecast
// by another model, whose intervals carry the uncertainty. Either every seasonal component is
// removed (a non-seasonal model follows), or only the longer ones (seasonal ARIMA then handles
// the primary period itself, which it does better than a fixed projection).
import { PredictionInterval } from '../forecast-types';
import { mstl } from '../seasonality/mstl';
import { arima } from './arima/arima-model';
import { autoEts } from './ets/ets-models';
import { ForecastModel, ModelForecast, ModelInput } from './model';

function decomposeThenForecast(
  adjustedModel: ForecastModel,
  label: string,
  keepPrimary: boolean,
): ForecastModel {
  return (input: ModelInput): ModelForecast => {
    const { y, horizon, periods } = input;
    const decomposition = mstl(y, periods);
    const primary = decomposition.periods[0];
    const removed = decomposition.periods
      .map((period, index) => ({ period, component: decomposition.seasonals[index] }))
      .filter(({ period }) => !keepPrimary || period !== primary);
    if (removed.length === 0) {
      const plain = adjustedModel(keepPrimary ? input : { ...input, periods: [] });
      return { ...plain, description: `${label}(none removed) ${plain.description}` };
    }
    const n = y.length;
    const seasonalFuture = new Array<number>(horizon).fill(0);
    const adjustedSeries = Float64Array.from(y);
    for (const { period, component } of removed) {
      for (let t = 0; t < n; t++) adjustedSeries[t] -= component[t];
      for (let h = 0; h < horizon; h++) seasonalFuture[h] += component[n - period + (h % period)];
    }
    const remaining = keepPrimary && primary !== undefined ? [primary] : [];
    const adjusted = adjustedModel({ ...input, y: adjustedSeries, periods: remaining });
    const shift = (values: readonly number[]): number[] =>
      values.map((value, h) => value + seasonalFuture[h]);
    const intervals = new Map<number, PredictionInterval>();
    for (const [level, { lo, hi }] of adjusted.intervals) {
      intervals.set(level, { lo: shift(lo), hi: shift(hi) });
    }
    return {
      description: `${label}(${removed.map(({ period }) => period).join(',')}) ${adjusted.description}`,
      point: shift(adjusted.point),
      intervals,
    };
  };
}

/** Every seasonal component removed, ETS on the rest. */
export const mstlEts = decomposeThenForecast(autoEts, 'MSTL', false);
/** Every seasonal component removed, non-seasonal ARIMA on the rest. */
export const mstlArima = decomposeThenForecast(arima, 'MSTL', false);
/** The longer seasonal components removed, seasonal ARIMA on the primary period. */
export const mstlSarima = decomposeThenForecast(arima, 'MSTL', true);
