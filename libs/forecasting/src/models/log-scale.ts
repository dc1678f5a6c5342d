// Runs a model on the log of a positive series and maps the forecast back. Seasonal swings that
// grow with the level become additive on the log scale; back-transformed intervals stay exact
// (quantiles commute with exp) and the point becomes the median forecast.
import { PredictionInterval } from '../forecast-types';
import { ForecastModel, ModelForecast, ModelInput } from './model';

/** Log scale when every value is positive; otherwise the model on the series as it is. */
export function onLogScale(model: ForecastModel): ForecastModel {
  return (input: ModelInput): ModelForecast => {
    if (!input.y.every((value) => value > 0)) return model(input);
    const logged = model({ ...input, y: input.y.map(Math.log) });
    const back = (values: readonly number[]): number[] => values.map(Math.exp);
    const intervals = new Map<number, PredictionInterval>();
    for (const [level, { lo, hi }] of logged.intervals) {
      intervals.set(level, { lo: back(lo), hi: back(hi) });
    }
    return { description: `log ${logged.description}`, point: back(logged.point), intervals };
  };
}
