// The whole memory of one series' detector as plain JSON: bounded in size (no buffer grows with
// the series), and complete, so a restored detector continues exactly where it stopped.
import { DetectorOptions } from './detector-options';
import { ExpectationModelState } from './model/expectation-model';
import { newLevelModel } from './model/level-model';
import { IntervalState, newIntervalState } from './model/sampling-interval';
import { newSeasonalModel } from './model/seasonal-model';
import { newSpanTracker, SpanTrackerState } from './model/span-tracker';
import { newRange, RangeState } from './model/value-range';

export const DETECTOR_STATE_VERSION = 1;

/** Memories (per usual interval) of the level models: from nearly "last value" to ~50 steps. */
export const LEVEL_ALPHAS = [0.7, 0.3, 0.1, 0.02] as const;
/** The slowest level model is the baseline while no seasonal profile predicts better. */
const SLOW_LEVEL_INDEX = LEVEL_ALPHAS.length - 1;
const SEASONAL_LEVEL_ALPHA = 0.02;
const SEASONAL_PROFILE_GAMMA = 0.2;

/**
 * Spans (in usual intervals) over which deviations from the baseline are averaged, a factor 8
 * apart: 1 reads single points (spikes, dips), 8 and 64 persistent shifts and drifts.
 */
export const SHIFT_SPANS = [1, 8, 64] as const;
/** Spans over which the magnitude of one-step errors is averaged (variance changes). */
export const VARIANCE_SPANS = [16, 64] as const;

/** A model that may serve as the baseline, with the deviations read from it. */
export interface BaselineState {
  /** Index into models. */
  model: number;
  deviations: SpanTrackerState;
}

export interface DetectorState {
  version: number;
  options: DetectorOptions;
  count: number;
  lastTimestamp: number | null;
  lastValue: number | null;
  /** Smallest non-zero change seen: below it, differences are quantisation, not signal. */
  resolution: number | null;
  interval: IntervalState;
  range: RangeState;
  models: ExpectationModelState[];
  /** Index into models of the best one-step predictor (its errors feed the variance signal). */
  fastModel: number;
  /** Models that may serve as the baseline: the slowest level and the seasonal profiles. */
  baselines: BaselineState[];
  /** Index into baselines of the one in use: the best predictor among them. */
  baseline: number;
  /** Magnitude of the best one-step predictor's errors. */
  variance: SpanTrackerState;
  /** Decaying peaks of recent surprise, and of the last full report: one alert per event. */
  onset: { peak: number; reported: number };
}

export function newDetectorState(options: DetectorOptions): DetectorState {
  const models: ExpectationModelState[] = [
    ...LEVEL_ALPHAS.map((alpha) => newLevelModel(alpha)),
    ...options.seasonalPeriodsMs.map((period) =>
      newSeasonalModel(period, SEASONAL_LEVEL_ALPHA, SEASONAL_PROFILE_GAMMA),
    ),
  ];
  const baselineModels = [
    SLOW_LEVEL_INDEX,
    ...options.seasonalPeriodsMs.map((_, i) => LEVEL_ALPHAS.length + i),
  ];
  return {
    version: DETECTOR_STATE_VERSION,
    options: { ...options, seasonalPeriodsMs: [...options.seasonalPeriodsMs] },
    count: 0,
    lastTimestamp: null,
    lastValue: null,
    resolution: null,
    interval: newIntervalState(),
    range: newRange(),
    models,
    fastModel: 0,
    baselines: baselineModels.map((model) => ({
      model,
      deviations: newSpanTracker(SHIFT_SPANS.length),
    })),
    baseline: 0,
    variance: newSpanTracker(VARIANCE_SPANS.length),
    onset: { peak: 0, reported: 0 },
  };
}
