// The exponential smoothing state-space taxonomy (Hyndman, Koehler, Ord and Snyder 2008):
// ETS(error, trend, season). Multiplicative trends are left out, as forecast::ets does by default.

export type ErrorType = 'A' | 'M';
export type TrendType = 'N' | 'A' | 'Ad';
export type SeasonType = 'N' | 'A' | 'M';

export interface EtsSpec {
  readonly error: ErrorType;
  readonly trend: TrendType;
  readonly season: SeasonType;
  /** Seasonal period; ignored when season is 'N'. */
  readonly m: number;
}

export interface SmoothingParameters {
  readonly alpha: number;
  /** Trend smoothing (0 without a trend). */
  readonly beta: number;
  /** Seasonal smoothing (0 without a season). */
  readonly gamma: number;
  /** Damping (1 without damping). */
  readonly phi: number;
}

export interface EtsState {
  readonly level: number;
  readonly trend: number;
  /** seasonal[t % m] is the seasonal state in force at time t (set m steps earlier). */
  readonly seasonal: Float64Array;
}

export function describeEts(spec: EtsSpec): string {
  return `ETS(${spec.error},${spec.trend},${spec.season})`;
}

/** A model is seasonal only with a season type and a period of at least 2. */
export function isSeasonal(spec: EtsSpec): boolean {
  return spec.season !== 'N' && spec.m >= 2;
}
