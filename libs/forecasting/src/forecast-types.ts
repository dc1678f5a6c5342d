// The public vocabulary of the forecasting library.

/** Observations in time order, equally spaced; null, undefined and non-finite values are missing. */
export type SeriesInput = ArrayLike<number | null | undefined>;

export const MODEL_NAMES = [
  'naive',
  'seasonal-naive',
  'naive2',
  'ses',
  'holt',
  'damped',
  'hw-additive',
  'hw-multiplicative',
  'hw-additive-damped',
  'hw-multiplicative-damped',
  'ets',
  'theta',
  'arima',
  'mstl-ets',
  'mstl-arima',
  'mstl-sarima',
  'dshw',
  'combination',
] as const;

export type ModelName = (typeof MODEL_NAMES)[number];

export interface ForecastOptions {
  /** Number of steps ahead, >= 1. */
  readonly horizon: number;
  /**
   * Seasonal period(s) in steps (24 for hourly data with a daily cycle; [24, 168] adds the week).
   * Omitted: detected from the data. With one period given, a longer one (a week over days) is
   * still looked for. 1 or [] means non-seasonal.
   */
  readonly season?: number | readonly number[];
  /** Central prediction interval levels in percent; default [80, 95]. */
  readonly levels?: readonly number[];
  /** 'auto' (default) or one model by name. */
  readonly model?: 'auto' | ModelName;
  /** Replace outliers before fitting (default true). */
  readonly cleanOutliers?: boolean;
  /**
   * Clip forecasts and intervals at zero. Default: true when every observation is >= 0, since
   * counts, rates and latencies never go negative.
   */
  readonly nonNegative?: boolean;
}

export interface PredictionInterval {
  readonly lo: number[];
  readonly hi: number[];
}

export interface ForecastResult {
  /** The model that produced the forecast, with its fitted form, e.g. `ETS(M,Ad,M)`. */
  readonly model: string;
  readonly point: number[];
  /** Keyed by level, e.g. intervals[95].lo. */
  readonly intervals: Record<number, PredictionInterval>;
  /** The seasonal periods used (given or detected). */
  readonly seasons: number[];
}
