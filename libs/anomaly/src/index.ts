export * from './anomaly-detector';
export * from './anomaly-result';
export * from './detector-options';
export type { DetectorState } from './detector-state';
export * from './detector-state-validation';
export {
  heavyTailSurprise,
  surpriseToScore,
  twoSidedSurprise,
  upperTailSurprise,
} from './math/normal-tail';
export * from './nab/nab-profiles';
export * from './nab/nab-sweep';
export * from './nab/nab-corpus-score';
