// Automatic (seasonal) ARIMA as a forecast model.
import { normalIntervals } from '../intervals';
import { ForecastModel, ModelForecast, ModelInput } from '../model';
import { naive } from '../naive';
import { describeArima } from './arima-fit';
import { forecastArima } from './arima-forecast';
import { autoArima } from './auto-arima';

export const arima: ForecastModel = (input: ModelInput): ModelForecast => {
  const { y, horizon, periods, levels } = input;
  const fit = autoArima(y, periods[0] ?? 1);
  if (fit === undefined) return { ...naive(input), description: 'ARIMA fallback Naive' };
  const { point, sd } = forecastArima(y, fit, horizon);
  return {
    description: describeArima(fit.order),
    point,
    intervals: normalIntervals(point, sd, levels),
  };
};
