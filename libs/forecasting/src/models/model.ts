// The contract between the entry point and each model: a clean series in, point forecasts and
// intervals out. Models never see missing values and never throw on short or flat series; they
// fall back to something simpler and say so in `description`.
import { PredictionInterval } from '../forecast-types';

export interface ModelInput {
  /** Finite observations, gaps already filled. */
  readonly y: Float64Array;
  readonly horizon: number;
  /** Seasonal periods, ascending; empty when non-seasonal. The first is the primary one. */
  readonly periods: readonly number[];
  readonly levels: readonly number[];
  /** Forecasts below zero are impossible (the entry point clips its output; a combination
   * clips each member first, so one member's negative dip does not drag the others down). */
  readonly nonNegative?: boolean;
}

export interface ModelForecast {
  readonly description: string;
  readonly point: number[];
  readonly intervals: Map<number, PredictionInterval>;
}

export type ForecastModel = (input: ModelInput) => ModelForecast;
