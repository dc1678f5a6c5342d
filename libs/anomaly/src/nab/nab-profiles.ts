// The three application profiles of the Numenta Anomaly Benchmark (NAB's config/profiles.json).

export interface NabProfile {
  readonly name: 'standard' | 'reward_low_FP_rate' | 'reward_low_FN_rate';
  /** Weight of a true positive (A_TP). */
  readonly tpWeight: number;
  /** Weight of a false positive (A_FP). */
  readonly fpWeight: number;
  /** Weight of a true negative (A_TN); NAB lists it but never uses it in the score. */
  readonly tnWeight: number;
  /** Weight of a missed window (A_FN). */
  readonly fnWeight: number;
}

export const NAB_STANDARD: NabProfile = {
  name: 'standard',
  tpWeight: 1,
  fpWeight: 0.11,
  tnWeight: 1,
  fnWeight: 1,
};

export const NAB_REWARD_LOW_FP: NabProfile = {
  name: 'reward_low_FP_rate',
  tpWeight: 1,
  fpWeight: 0.22,
  tnWeight: 1,
  fnWeight: 1,
};

export const NAB_REWARD_LOW_FN: NabProfile = {
  name: 'reward_low_FN_rate',
  tpWeight: 1,
  fpWeight: 0.11,
  tnWeight: 1,
  fnWeight: 2,
};

export const NAB_PROFILES: readonly NabProfile[] = [
  NAB_STANDARD,
  NAB_REWARD_LOW_FP,
  NAB_REWARD_LOW_FN,
];

/** NAB ignores the first 15% of every file (at most 750 rows): detectors are still learning. */
export const NAB_PROBATIONARY_FRACTION = 0.15;
