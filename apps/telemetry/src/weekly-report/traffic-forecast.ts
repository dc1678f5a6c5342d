import { FORECAST_MIN_POINTS, type TrafficForecastFigure } from '@vantage/contracts';
import { forecast, ForecastInputError } from '@vantage/forecasting';
import { HOUR_MS } from './reliability-figures';

/** The interval the report shows: 80 %, and the normal quantile that goes with it. */
export const FORECAST_CONFIDENCE = 0.8;
const Z_80 = 1.2815515655446004;
const DAY_STEPS = 24;

/**
 * Next period's requests from the hourly totals of the grid (pure; null with fewer than
 * FORECAST_MIN_POINTS observed hours). Hourly steps with the daily season, like the forecasts
 * API, but with additive Holt-Winters rather than the automatic combination: it fits in tens
 * of milliseconds where the combination (and ETS selection) take much of the report's time
 * budget on a busy machine.
 *
 * The total is the sum of the hourly point forecasts. Its interval assumes independent hourly
 * errors: each step's 80 % bound gives a standard deviation ((hi - point) / z, (point - lo) / z
 * on each side), the total's is the square root of the summed variances, and the bounds are
 * the total ∓ z·that. Real hourly errors are positively correlated, so this is the narrow end;
 * summing the per-step bounds would be the (too wide) other end.
 */
export function trafficForecast(
  hourly: readonly (number | null)[],
  gridStartMs: number,
  fromMs: number,
  toMs: number,
): TrafficForecastFigure | null {
  const observed = hourly.filter((value) => value !== null).length;
  if (observed < FORECAST_MIN_POINTS) return null;
  let lastIndex = hourly.length - 1;
  while (lastIndex > 0 && hourly[lastIndex] === null) lastIndex -= 1;
  // The library forecasts from the last observed hour: skip the hours from there to `toMs`.
  const firstStepMs = gridStartMs + (lastIndex + 1) * HOUR_MS;
  const nextFromMs = toMs;
  const nextToMs = toMs + (toMs - fromMs);
  const skip = Math.max(0, Math.round((nextFromMs - firstStepMs) / HOUR_MS));
  const steps = Math.max(1, Math.round((nextToMs - nextFromMs) / HOUR_MS));
  const history = hourly.slice(0, lastIndex + 1);
  const season = history.length >= 2 * DAY_STEPS ? DAY_STEPS : undefined;
  let result;
  try {
    result = forecast(history, {
      horizon: skip + steps,
      levels: [FORECAST_CONFIDENCE * 100],
      model: 'hw-additive',
      ...(season === undefined ? {} : { season }),
    });
  } catch (error) {
    if (error instanceof ForecastInputError) return null;
    throw error;
  }
  const interval = result.intervals[FORECAST_CONFIDENCE * 100];
  if (!interval) return null;
  let expected = 0;
  let lowerVariance = 0;
  let upperVariance = 0;
  for (let step = skip; step < skip + steps; step += 1) {
    const point = result.point[step] ?? 0;
    expected += point;
    lowerVariance += ((point - (interval.lo[step] ?? point)) / Z_80) ** 2;
    upperVariance += (((interval.hi[step] ?? point) - point) / Z_80) ** 2;
  }
  if (![expected, lowerVariance, upperVariance].every(Number.isFinite)) return null;
  const rounded = Math.max(0, Math.round(expected));
  return {
    from: new Date(nextFromMs).toISOString(),
    to: new Date(nextToMs).toISOString(),
    expected: rounded,
    lower: Math.min(rounded, Math.max(0, Math.floor(expected - Z_80 * Math.sqrt(lowerVariance)))),
    upper: Math.max(rounded, Math.ceil(expected + Z_80 * Math.sqrt(upperVariance))),
    confidence: FORECAST_CONFIDENCE,
  };
}
