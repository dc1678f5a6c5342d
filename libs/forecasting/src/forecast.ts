// The single entry point: validates options, prepares the series (missing points, seasonal
// periods, outliers), runs the chosen model and guarantees finite output.
import { ForecastInputError } from './forecast-input-error';
import {
  ForecastOptions,
  ForecastResult,
  MODEL_NAMES,
  ModelName,
  PredictionInterval,
  SeriesInput,
} from './forecast-types';
import { ModelForecast, ModelInput } from './models/model';
import { AUTO_MODEL, MODELS } from './models/model-registry';
import { naive } from './models/naive';
import { cleanOutliers } from './preprocess/clean-outliers';
import { fillMissing, interpolateLinearly } from './preprocess/fill-missing';
import { detectSeasonalPeriods } from './seasonality/detect-periods';

const DEFAULT_LEVELS = [80, 95] as const;

export function forecast(series: SeriesInput, options: ForecastOptions): ForecastResult {
  const horizon = validHorizon(options.horizon);
  const levels = validLevels(options.levels ?? DEFAULT_LEVELS);
  const modelName = validModel(options.model ?? 'auto');
  const raw = observedSpan(series);
  const nonNegative = options.nonNegative ?? raw.every((value) => !(value < 0));
  const periods = resolvePeriods(options.season, interpolateLinearly(raw));
  const filled = fillMissing(raw, periods[0]);
  const y = options.cleanOutliers === false ? filled : cleanOutliers(filled, periods).values;
  const input: ModelInput = { y, horizon, periods, levels, nonNegative };

  const output = isConstant(y) ? constantForecast(input) : MODELS[modelName](input);
  const safe = isFinite(output) ? output : fallback(input, output.description);
  return toResult(safe, periods, nonNegative);
}

function validHorizon(horizon: number): number {
  if (!Number.isInteger(horizon) || horizon < 1) {
    throw new ForecastInputError(`horizon must be a whole number >= 1, got ${horizon}`);
  }
  return horizon;
}

function validLevels(levels: readonly number[]): number[] {
  for (const level of levels) {
    if (!(level > 0 && level < 100)) {
      throw new ForecastInputError(
        `interval levels must lie strictly between 0 and 100, got ${level}`,
      );
    }
  }
  return [...new Set(levels)];
}

function validModel(name: string): ModelName {
  if (name === 'auto') return AUTO_MODEL;
  if ((MODEL_NAMES as readonly string[]).includes(name)) return name as ModelName;
  throw new ForecastInputError(
    `unknown model "${name}"; use auto or one of ${MODEL_NAMES.join(', ')}`,
  );
}

/** Values from the first observation on, missing ones as NaN; throws when nothing is observed. */
function observedSpan(series: SeriesInput): Float64Array {
  const values = Float64Array.from({ length: series.length }, (_, t) => {
    const value = series[t];
    return typeof value === 'number' && Number.isFinite(value) ? value : Number.NaN;
  });
  const first = values.findIndex(Number.isFinite);
  if (first === -1) throw new ForecastInputError('the series has no observed (finite) values');
  return values.subarray(first);
}

/**
 * Given periods are used as they are; one given period may gain a longer one found in the data
 * (a week over a day); none given means all are detected.
 */
function resolvePeriods(season: ForecastOptions['season'], y: Float64Array): number[] {
  if (Array.isArray(season)) {
    const periods = (season as readonly number[]).map(Math.round).filter((period) => period >= 2);
    return [...new Set(periods)].sort((a, b) => a - b);
  }
  if (typeof season === 'number') {
    const period = Math.round(season);
    if (!(period >= 2)) return [];
    return detectSeasonalPeriods(y, { primary: period }).filter(
      (found) => found === period || y.length > 2 * found,
    );
  }
  return detectSeasonalPeriods(y);
}

function isConstant(y: Float64Array): boolean {
  return y.every((value) => value === y[0]);
}

function constantForecast({ y, horizon, levels }: ModelInput): ModelForecast {
  const point = new Array<number>(horizon).fill(y[0]);
  const intervals = new Map<number, PredictionInterval>();
  for (const level of levels) intervals.set(level, { lo: point.slice(), hi: point.slice() });
  return { description: 'Constant', point, intervals };
}

function isFinite(output: ModelForecast): boolean {
  const finite = (values: readonly number[]): boolean => values.every(Number.isFinite);
  if (!finite(output.point)) return false;
  for (const { lo, hi } of output.intervals.values()) if (!finite(lo) || !finite(hi)) return false;
  return true;
}

/** A model that produced non-finite numbers is replaced by naive rather than passing them on. */
function fallback(input: ModelInput, failed: string): ModelForecast {
  const plain = naive(input);
  return { ...plain, description: `${plain.description} (fallback from ${failed})` };
}

function toResult(output: ModelForecast, periods: number[], nonNegative: boolean): ForecastResult {
  const clip = (values: readonly number[]): number[] =>
    nonNegative ? values.map((value) => Math.max(0, value)) : values.slice();
  const intervals: Record<number, PredictionInterval> = {};
  for (const [level, { lo, hi }] of output.intervals) {
    intervals[level] = {
      lo: clip(lo).map((value, h) => Math.min(value, output.point[h])),
      hi: clip(hi).map((value, h) => Math.max(value, output.point[h])),
    };
  }
  return { model: output.description, point: clip(output.point), intervals, seasons: periods };
}
