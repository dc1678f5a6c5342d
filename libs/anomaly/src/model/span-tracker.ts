// A signal averaged over several spans (1, 8, 64 usual intervals...), each average read against
// its own long-run gauge, and the strongest reading calibrated on how often the tracker has
// been that surprised before. Span 1 reads single points; longer spans reveal persistent
// changes too small for any single point to stand out.
import { heavyTailSurprise } from '../math/normal-tail';
import { alphaForSteps } from '../math/smoothing';
import { gaugeZ, GaugeState, newGauge, updateGauge } from './long-run-gauge';
import {
  calibratedSurprise,
  CalibrationState,
  newCalibration,
  recordSurprise,
} from './surprise-calibration';

/** A gauge needs this many values before its z-scores mean anything. */
export const MIN_GAUGE_COUNT = 100;

export interface SpanTrackerState {
  averages: number[];
  gauges: GaugeState[];
  count: number;
  /** How often this tracker has been how surprised: its readings are calibrated on its own past. */
  calibration: CalibrationState;
}

export function newSpanTracker(spans: number): SpanTrackerState {
  return {
    averages: new Array<number>(spans).fill(0),
    gauges: Array.from({ length: spans }, newGauge),
    count: 0,
    calibration: newCalibration(),
  };
}

export interface SpanReading {
  /** The averages including the current input, committed by commitSpans. */
  readonly averages: readonly number[];
  /** Per span: z-score against its gauge (0 while the gauge warms up). */
  readonly zs: readonly number[];
  /** Per span: calibrated surprise (-log10 p) of its reading. */
  readonly surprises: readonly number[];
  /** Heavy-tailed reading of the most surprising span, before calibration. */
  readonly rawMax: number;
}

export function readSpans(
  tracker: SpanTrackerState,
  spans: readonly number[],
  input: number,
  steps: number,
  floor: number,
): SpanReading {
  const averages = tracker.averages.map((average, i) => {
    const weight = tracker.count === 0 ? 1 : alphaForSteps(2 / ((spans[i] as number) + 1), steps);
    return average + weight * (input - average);
  });
  const zs = averages.map((average, i) =>
    gaugeZ(tracker.gauges[i] as GaugeState, average, MIN_GAUGE_COUNT, floor),
  );
  const raw = zs.map(heavyTailSurprise);
  return {
    averages,
    zs,
    surprises: raw.map((surprise) => calibratedSurprise(tracker.calibration, surprise)),
    rawMax: Math.max(0, ...raw),
  };
}

export function commitSpans(tracker: SpanTrackerState, reading: SpanReading): void {
  tracker.averages = [...reading.averages];
  tracker.count++;
  reading.averages.forEach((average, i) => updateGauge(tracker.gauges[i] as GaugeState, average));
  if (tracker.count > MIN_GAUGE_COUNT) recordSurprise(tracker.calibration, reading.rawMax);
}

/** What the tracker expects of its span-1 input: the gauge's mean and spread. */
export function expectedInput(
  tracker: SpanTrackerState,
  floor: number,
): { readonly mean: number; readonly sd: number } | null {
  const gauge = tracker.gauges[0];
  if (gauge === undefined || gauge.count < MIN_GAUGE_COUNT) return null;
  return { mean: gauge.mean, sd: Math.max(Math.sqrt(gauge.variance), floor) };
}
