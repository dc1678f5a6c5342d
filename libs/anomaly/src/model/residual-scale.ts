// Robust scale of a model's one-step errors: an exponentially weighted mean absolute error with
// Huber clipping, so one spike barely moves it while a lasting change of variance does.
import { warmAlpha } from '../math/smoothing';

/** About 100 steps of memory: long enough to be stable, short enough to adapt within a window. */
const SCALE_ALPHA = 0.01;
/** Errors beyond this many sigmas count as this many when updating the scale. */
const HUBER_LIMIT = 5;
/** For normal errors E|e| = sigma * sqrt(2 / pi). */
const MAE_TO_SIGMA = 1.2533;

export interface ScaleState {
  /** Weighted mean absolute error. */
  mae: number;
  count: number;
}

export function newScaleState(): ScaleState {
  return { mae: 0, count: 0 };
}

/** Standard deviation of the errors, or null before any error was seen. */
export function sigmaOf(state: ScaleState): number | null {
  return state.count === 0 ? null : state.mae * MAE_TO_SIGMA;
}

export function updateScale(state: ScaleState, error: number, steps = 1): void {
  const magnitude = Math.abs(error);
  const limit = state.count >= 10 ? HUBER_LIMIT * state.mae * MAE_TO_SIGMA : Infinity;
  const clipped = limit > 0 ? Math.min(magnitude, limit) : magnitude;
  state.count++;
  const alpha = warmAlpha(1 - Math.pow(1 - SCALE_ALPHA, Math.min(steps, 10)), state.count);
  state.mae += alpha * (clipped - state.mae);
}
