// The candidate expectations the detector chooses between, behind one interface.
import { LevelModelState, predictLevel, updateLevel } from './level-model';
import { sigmaOf } from './residual-scale';
import {
  allocateSeasonal,
  predictSeasonal,
  seasonalReady,
  SeasonalModelState,
  updateSeasonal,
} from './seasonal-model';

export type ExpectationModelState = LevelModelState | SeasonalModelState;

export function predict(model: ExpectationModelState, timestamp: number): number | null {
  switch (model.kind) {
    case 'level':
      return predictLevel(model);
    case 'seasonal':
      return predictSeasonal(model, timestamp);
  }
}

/** Whether the model's predictions and error scale can be trusted yet. */
export function isReady(model: ExpectationModelState, timestamp: number): boolean {
  switch (model.kind) {
    case 'level':
      return model.scale.count >= 10;
    case 'seasonal':
      return seasonalReady(model, timestamp) && model.scale.count >= 10;
  }
}

export function learn(
  model: ExpectationModelState,
  value: number,
  timestamp: number,
  steps: number,
  intervalMs: number | null,
): void {
  switch (model.kind) {
    case 'level':
      updateLevel(model, value, steps);
      return;
    case 'seasonal':
      if (intervalMs !== null) allocateSeasonal(model, intervalMs, timestamp);
      updateSeasonal(model, value, timestamp, steps);
      return;
  }
}

/** Recent error scale of the model, null before it has made a prediction. */
export function errorSigma(model: ExpectationModelState): number | null {
  return sigmaOf(model.scale);
}
