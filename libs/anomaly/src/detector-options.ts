// Knobs of the detector. The defaults are chosen from first principles (periods people care
// about, memories in usual intervals), not fitted to a benchmark.

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
export const WEEK_MS = 7 * DAY_MS;

export interface DetectorOptions {
  /** Seasonal periods tried online; each is used only while it predicts better than no season. */
  readonly seasonalPeriodsMs: readonly number[];
  /** Points before any score other than 0 (no history yet to compare with). */
  readonly warmupPoints: number;
}

export const DEFAULT_DETECTOR_OPTIONS: DetectorOptions = {
  seasonalPeriodsMs: [DAY_MS, WEEK_MS],
  warmupPoints: 30,
};
