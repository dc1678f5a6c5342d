// The simplest expectation: an exponentially weighted level. Several run at once with different
// memories; the detector uses whichever has predicted the series best lately.
import { alphaForSteps } from '../math/smoothing';
import { newScaleState, ScaleState, updateScale } from './residual-scale';

export interface LevelModelState {
  kind: 'level';
  /** Weight of the newest point per usual interval. */
  alpha: number;
  level: number | null;
  scale: ScaleState;
}

export function newLevelModel(alpha: number): LevelModelState {
  return { kind: 'level', alpha, level: null, scale: newScaleState() };
}

export function predictLevel(state: LevelModelState): number | null {
  return state.level;
}

export function updateLevel(state: LevelModelState, value: number, steps: number): void {
  if (state.level === null) {
    state.level = value;
    return;
  }
  updateScale(state.scale, value - state.level, steps);
  state.level += alphaForSteps(state.alpha, steps) * (value - state.level);
}
