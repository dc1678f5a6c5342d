import type { HealthStatus } from '@vantage/contracts';

/**
 * Judges one event id's count in the current window against its baseline. Pure: no I/O, no
 * clock. The rules (documented in health/README.md):
 *
 * - The baseline is the list of counts of comparable earlier periods (each day before the
 *   window, or the same hours in each earlier week), oldest first. Periods before the event was
 *   first seen are left out, so an event that started five days ago is averaged over five
 *   days, not diluted over twenty.
 * - NO_BASELINE: no baseline period has any count. Reported, not scored.
 * - LOW_VOLUME: both the expected and the current count, scaled to a day, stay under the
 *   minimum daily volume. Reported (with change and z), not scored.
 * - Otherwise, with drop = (baseline − current) / baseline × 100: CRITICAL when drop ≥ critical,
 *   WARNING when drop ≥ warning, INCREASED when the rise ≥ increasePct, NORMAL in between.
 *   The comparisons are made on integers (sums of counts), so "exactly at threshold" is exact.
 * - z = (current − mean) / std with the sample std of the baseline periods, but never below
 *   √mean: a count carries at least Poisson noise, and this keeps z finite on a perfectly flat
 *   baseline (std 0).
 * - Impact (scored events only): current − mean events, times the value of one event.
 */

export interface ScoringRules {
  readonly criticalDropPct: number;
  readonly warningDropPct: number;
  readonly increasePct: number;
  readonly minDailyVolume: number;
  readonly highVolumeLevel: number;
  readonly valuePerEvent: number;
}

export interface HealthObservation {
  /** Count in the current window. */
  readonly current: number;
  /** Counts of the comparable baseline periods, oldest first. */
  readonly baseline: readonly number[];
  /** How many windows fit in a day (1 for a day window, 4 for a 6-hour one). */
  readonly windowsPerDay: number;
}

export interface HealthScore {
  readonly status: HealthStatus;
  readonly current: number;
  /** Mean of the baseline periods since first seen; 0 without a baseline. */
  readonly baseline: number;
  /** Baseline periods averaged (those since the event was first seen). */
  readonly baselinePeriods: number;
  readonly changePct: number | null;
  readonly z: number | null;
  /** Events gained (+) or lost (−) vs the baseline mean; null when not scored. */
  readonly eventsDelta: number | null;
  /** eventsDelta × valuePerEvent; null when not scored. */
  readonly impact: number | null;
  readonly highVolume: boolean;
}

const DECIMALS = 2;

export function scoreHealth(observation: HealthObservation, rules: ScoringRules): HealthScore {
  const { current, windowsPerDay } = observation;
  const samples = sinceFirstSeen(observation.baseline);
  const n = samples.length;
  const sum = samples.reduce((total, count) => total + count, 0);
  const dailyCurrent = current * windowsPerDay;

  if (sum <= 0) {
    return {
      status: 'NO_BASELINE',
      current,
      baseline: 0,
      baselinePeriods: 0,
      changePct: null,
      z: null,
      eventsDelta: null,
      impact: null,
      highVolume: dailyCurrent >= rules.highVolumeLevel,
    };
  }

  const mean = sum / n;
  const dailyVolume = Math.max(mean, current) * windowsPerDay;
  const changePct = ((current - mean) / mean) * 100;
  const std = Math.max(sampleStd(samples, mean), Math.sqrt(mean));
  const z = (current - mean) / std;
  const reported = {
    current,
    baseline: round(mean),
    baselinePeriods: n,
    changePct: round(changePct),
    z: round(z),
    highVolume: dailyVolume >= rules.highVolumeLevel,
  };

  if (dailyVolume < rules.minDailyVolume) {
    return { ...reported, status: 'LOW_VOLUME', eventsDelta: null, impact: null };
  }

  const eventsDelta = current - mean;
  return {
    ...reported,
    status: scoredStatus(current, sum, n, rules),
    eventsDelta: round(eventsDelta),
    impact: round(eventsDelta * rules.valuePerEvent),
  };
}

/**
 * drop% ≥ t  ⇔  (mean − current) / mean × 100 ≥ t  ⇔  (sum − current·n) · 100 ≥ t · sum,
 * all integers for integer counts and thresholds: no rounding error at the boundary.
 */
function scoredStatus(current: number, sum: number, n: number, rules: ScoringRules): HealthStatus {
  const lossTimes100 = (sum - current * n) * 100;
  if (lossTimes100 >= rules.criticalDropPct * sum) return 'CRITICAL';
  if (lossTimes100 >= rules.warningDropPct * sum) return 'WARNING';
  if (-lossTimes100 >= rules.increasePct * sum) return 'INCREASED';
  return 'NORMAL';
}

/** The periods from the first one with a count on; none when the event was never seen. */
function sinceFirstSeen(baseline: readonly number[]): readonly number[] {
  const first = baseline.findIndex((count) => count > 0);
  return first === -1 ? [] : baseline.slice(first);
}

/** Sample standard deviation (n − 1); 0 for a single period. */
function sampleStd(samples: readonly number[], mean: number): number {
  if (samples.length < 2) return 0;
  const squares = samples.reduce((total, count) => total + (count - mean) ** 2, 0);
  return Math.sqrt(squares / (samples.length - 1));
}

function round(value: number): number {
  const factor = 10 ** DECIMALS;
  const rounded = Math.round(value * factor) / factor;
  // -0.001 rounds to -0, which would print as 0 but compare unequal to 0 in clients' tests.
  return rounded === 0 ? 0 : rounded;
}
