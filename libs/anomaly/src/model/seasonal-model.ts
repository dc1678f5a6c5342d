// A level plus a seasonal profile indexed by the time of period (time of day, time of week), so
// irregular timestamps and gaps land in the right place of the cycle. The profile is allocated
// once the sampling interval is known: one bin per interval when that fits, otherwise coarser
// bins interpolated linearly between their centres.
import { alphaForSteps } from '../math/smoothing';
import { newScaleState, ScaleState, updateScale } from './residual-scale';

/** Upper bound on profile bins: bounds the state (a weekly profile of 1-minute data would be 10080). */
export const MAX_SEASONAL_BINS = 288;
/** Fewer intervals per period than this is no cycle worth modelling. */
const MIN_INTERVALS_PER_PERIOD = 4;
/** Share of bins that must have been seen for the profile to be trusted. */
const READY_COVERAGE = 0.75;

export interface SeasonalModelState {
  kind: 'seasonal';
  periodMs: number;
  /** Level smoothing weight per usual interval. */
  alpha: number;
  /** Profile smoothing weight per visit of a bin. */
  gamma: number;
  /** 0 until allocated; stays 0 when the period is too short for the sampling interval. */
  bins: number;
  /** One bin per interval exactly: no interpolation, so sharp daily edges stay sharp. */
  aligned: boolean;
  disabled: boolean;
  level: number | null;
  offsets: number[];
  /** Visits per bin, counted up to 1 / gamma: early visits are averaged, later ones smoothed. */
  seen: number[];
  /** Level updates since allocation: the first period's level is a plain running mean. */
  updates: number;
  startedAt: number | null;
  scale: ScaleState;
}

export function newSeasonalModel(
  periodMs: number,
  alpha: number,
  gamma: number,
): SeasonalModelState {
  return {
    kind: 'seasonal',
    periodMs,
    alpha,
    gamma,
    bins: 0,
    aligned: false,
    disabled: false,
    level: null,
    offsets: [],
    seen: [],
    updates: 0,
    startedAt: null,
    scale: newScaleState(),
  };
}

/** Allocates the profile for the usual interval; a no-op once allocated or disabled. */
export function allocateSeasonal(state: SeasonalModelState, intervalMs: number, now: number): void {
  if (state.bins > 0 || state.disabled) return;
  const perPeriod = state.periodMs / intervalMs;
  if (perPeriod < MIN_INTERVALS_PER_PERIOD) {
    state.disabled = true;
    return;
  }
  const whole = Math.round(perPeriod);
  state.aligned = whole <= MAX_SEASONAL_BINS && Math.abs(perPeriod - whole) < 0.01;
  state.bins = state.aligned ? whole : Math.min(MAX_SEASONAL_BINS, whole);
  state.offsets = new Array<number>(state.bins).fill(0);
  state.seen = new Array<number>(state.bins).fill(0);
  state.startedAt = now;
}

interface BinWeights {
  readonly first: number;
  readonly second: number;
  /** Weight of `second`; `first` has 1 - this. */
  readonly secondWeight: number;
}

function binWeights(state: SeasonalModelState, timestamp: number): BinWeights {
  const phase = (((timestamp % state.periodMs) + state.periodMs) % state.periodMs) / state.periodMs;
  if (state.aligned) {
    const bin = Math.round(phase * state.bins) % state.bins;
    return { first: bin, second: bin, secondWeight: 0 };
  }
  const position = phase * state.bins - 0.5;
  const below = Math.floor(position);
  return {
    first: (below + state.bins) % state.bins,
    second: (below + 1) % state.bins,
    secondWeight: position - below,
  };
}

function seasonalOffset(state: SeasonalModelState, weights: BinWeights): number | null {
  const firstSeen = (state.seen[weights.first] as number) > 0;
  const secondSeen = (state.seen[weights.second] as number) > 0;
  const w1 = firstSeen ? 1 - weights.secondWeight : 0;
  const w2 = secondSeen ? weights.secondWeight : 0;
  if (w1 + w2 === 0) {
    // Interpolating with an unseen neighbour: use the seen one alone.
    if (firstSeen) return state.offsets[weights.first] as number;
    if (secondSeen) return state.offsets[weights.second] as number;
    return null;
  }
  return (
    (w1 * (state.offsets[weights.first] as number) +
      w2 * (state.offsets[weights.second] as number)) /
    (w1 + w2)
  );
}

export function predictSeasonal(state: SeasonalModelState, timestamp: number): number | null {
  if (state.level === null || state.bins === 0) return null;
  const offset = seasonalOffset(state, binWeights(state, timestamp));
  return state.level + (offset ?? 0);
}

/** Trusted once it has run a whole period and seen most of the cycle. */
export function seasonalReady(state: SeasonalModelState, timestamp: number): boolean {
  if (state.bins === 0 || state.startedAt === null) return false;
  if (timestamp - state.startedAt < state.periodMs) return false;
  const seen = state.seen.reduce((sum, visits) => sum + (visits > 0 ? 1 : 0), 0);
  return seen >= READY_COVERAGE * state.bins;
}

export function updateSeasonal(
  state: SeasonalModelState,
  value: number,
  timestamp: number,
  steps: number,
): void {
  if (state.bins === 0) return;
  const weights = binWeights(state, timestamp);
  const offset = seasonalOffset(state, weights);
  state.updates++;
  if (state.level === null) {
    state.level = value;
  } else {
    const predicted = state.level + (offset ?? 0);
    updateScale(state.scale, value - predicted, steps);
    // Through the first period the level is the plain mean, a sound base for the profile.
    const alpha =
      state.updates <= state.bins ? 1 / state.updates : alphaForSteps(state.alpha, steps);
    state.level += alpha * (value - (offset ?? 0) - state.level);
  }
  const target = value - state.level;
  const maxVisits = Math.ceil(1 / state.gamma);
  const touch = (bin: number, weight: number): void => {
    if (weight <= 0) return;
    const visits = Math.min(maxVisits, (state.seen[bin] as number) + 1);
    state.seen[bin] = visits;
    const current = state.offsets[bin] as number;
    // Average the first visits, then smooth: a young profile converges in a few periods.
    state.offsets[bin] = current + Math.max(state.gamma, 1 / visits) * weight * (target - current);
  };
  touch(weights.first, 1 - weights.secondWeight);
  touch(weights.second, weights.secondWeight);
}
