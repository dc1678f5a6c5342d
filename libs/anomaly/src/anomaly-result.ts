// What the detector says about one point.

export interface ObservedPoint {
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly value: number;
}

/** Which signal made the point (un)surprising; the strongest one wins. */
export type AnomalyReason =
  | 'warming-up'
  | 'normal'
  | 'spike'
  | 'dip'
  | 'level-shift-up'
  | 'level-shift-down'
  | 'variance-increase'
  | 'variance-decrease'
  | 'out-of-range'
  | 'invalid-value';

export interface AnomalyExplanation {
  readonly reason: AnomalyReason;
  /**
   * True while an event that was already reported goes on: the score then only reflects how
   * much it has grown, so one event raises one alert.
   */
  readonly ongoing: boolean;
  readonly observed: number;
  /** Baseline expectation from the points before this one; null while warming up. */
  readonly expected: number | null;
  /** expected ± 3 standard deviations of the usual deviation from the baseline. */
  readonly expectedLow: number | null;
  readonly expectedHigh: number | null;
  /** Period of the seasonal expectation in use, null when none is. */
  readonly seasonalPeriodMs: number | null;
}

/**
 * Surprise of each signal in decades of probability (-log10 p), calibrated on how often the
 * series has produced such readings: 3 means "about one point in 1,000 reads like this".
 */
export interface SurpriseComponents {
  /** One point's deviation from the baseline (spikes and dips, a broken daily cycle). */
  readonly point: number;
  /** Persistent deviation from the baseline over 8 or 64 intervals (level shifts, drifts). */
  readonly shift: number;
  /** Change of the error magnitude (variance up or down). */
  readonly variance: number;
  /** A value beyond a minimum or maximum that has held for long. */
  readonly range: number;
}

export interface AnomalyResult {
  readonly timestamp: number;
  readonly value: number;
  /**
   * 0 (expected) to 1 (never reached). 0.5 is the suggested alert level: a reading rarer than
   * about one in 3,000 points of this series, the strongest of four signals discounted for
   * looking at four; 0.75 is 2.5 decades rarer still. Reported at the onset of an event (and when
   * it grows), not at each of its points: see explanation.ongoing.
   */
  readonly score: number;
  readonly components: SurpriseComponents;
  readonly explanation: AnomalyExplanation;
}
