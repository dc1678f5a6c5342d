// Streaming anomaly detector for one series. Each point is first scored against what was learnt
// from the points before it, then learnt from. The signals, each calibrated on the series' own
// history, are combined into one score:
//  - point and shift: the deviation from a baseline (a slow exponential level, or a daily or
//    weekly profile once one predicts better), as is and averaged over 8 and 64 intervals, each
//    read against its own long-run distribution as HTM's anomaly likelihood reads its errors
//    (spikes, dips, level shifts, drifts, a broken daily cycle);
//  - variance: the magnitude of the best one-step predictor's errors, averaged over 16 and 64
//    intervals (noise growing or vanishing);
//  - range: a value beyond a long-standing minimum or maximum.
// The strongest signal, less a Bonferroni allowance for looking at several, makes the score; an
// event is scored at its onset (and when it grows), not at each of its points.
import {
  AnomalyExplanation,
  AnomalyReason,
  AnomalyResult,
  ObservedPoint,
  SurpriseComponents,
} from './anomaly-result';
import { DEFAULT_DETECTOR_OPTIONS, DetectorOptions } from './detector-options';
import { DetectorState, newDetectorState, SHIFT_SPANS, VARIANCE_SPANS } from './detector-state';
import { parseDetectorState } from './detector-state-validation';
import { surpriseToScore } from './math/normal-tail';
import { clamp } from './math/smoothing';
import { errorSigma, isReady, learn, predict } from './model/expectation-model';
import { recordInterval, stepsSince, typicalInterval } from './model/sampling-interval';
import {
  commitSpans,
  expectedInput,
  readSpans,
  SpanReading,
  SpanTrackerState,
} from './model/span-tracker';
import { rangeSurprise, recordRange } from './model/value-range';

/** Errors are capped here before averaging magnitudes: one spike must not read as a variance change. */
const MAGNITUDE_CAP = 8;
/** Below this spread, averaged error magnitudes (in sigmas) are considered constant. */
const MAGNITUDE_FLOOR = 0.05;
/** Spread of the expected range reported in explanations. */
const EXPLANATION_SIGMAS = 3;
/** A new model must beat the one in use by this factor, so the choice does not flicker. */
const SWITCH_MARGIN = 0.9;
/** Four signals are looked at: the strongest is discounted as if four tests had been run. */
const MULTIPLE_TESTS_DISCOUNT = Math.log10(4);
/** Decades by which a surprise must jump above the recent peak to be reported as news. */
const ONSET_MARGIN = 1;
/** Decades by which a slowly rising surprise must exceed the last full report to be news. */
const RAMP_MARGIN = 2;
/** The recent peak, and the last full report, halve every 20 usual intervals. */
const PEAK_DECAY = Math.pow(0.5, 1 / 20);
/** Below this surprise (p > 1%) a point is reported as normal. */
const NOTABLE_SURPRISE = 2;

const NO_SURPRISE: SurpriseComponents = { point: 0, shift: 0, variance: 0, range: 0 };

interface BaselineExpectation {
  /** Index into models. */
  readonly model: number;
  readonly prediction: number;
}

export class AnomalyDetector {
  private state: DetectorState;

  constructor(options: Partial<DetectorOptions> = {}) {
    const merged = { ...DEFAULT_DETECTOR_OPTIONS, ...options };
    if (!(merged.warmupPoints >= 0)) throw new RangeError('warmupPoints must be >= 0');
    if (merged.seasonalPeriodsMs.some((period) => !(period > 0) || !Number.isFinite(period))) {
      throw new RangeError('seasonal periods must be positive, finite milliseconds');
    }
    this.state = newDetectorState(merged);
  }

  /** A detector that continues from a snapshot. */
  static fromSnapshot(snapshot: unknown): AnomalyDetector {
    const detector = new AnomalyDetector();
    detector.restore(snapshot);
    return detector;
  }

  /** The detector's whole memory as JSON-safe data (a deep copy). */
  snapshot(): DetectorState {
    return JSON.parse(JSON.stringify(this.state)) as DetectorState;
  }

  /** Replaces the memory by a snapshot; throws on anything that is not a valid snapshot. */
  restore(snapshot: unknown): void {
    this.state = parseDetectorState(JSON.parse(JSON.stringify(snapshot)) as unknown);
  }

  /** Points learnt so far. */
  get count(): number {
    return this.state.count;
  }

  /** Scores the point against the past, then learns it. */
  observe(point: ObservedPoint): AnomalyResult {
    const { timestamp, value } = point;
    if (!Number.isFinite(timestamp) || !Number.isFinite(value)) {
      // Invalid input teaches nothing: it is reported and left out of the memory.
      return this.result(point, 0, NO_SURPRISE, {
        reason: 'invalid-value',
        ongoing: false,
        observed: value,
        expected: null,
        expectedLow: null,
        expectedHigh: null,
        seasonalPeriodMs: null,
      });
    }
    const state = this.state;
    const gap = state.lastTimestamp === null ? null : timestamp - state.lastTimestamp;
    const steps = stepsSince(state.interval, gap);
    const floor = this.sigmaFloor();

    // 1. Read the point against the past.
    const varianceReading = this.readVariance(value, timestamp, steps);
    const readings = state.baselines.map((candidate) => {
      const model = state.models[candidate.model];
      if (model === undefined || !isReady(model, timestamp)) return null;
      const prediction = predict(model, timestamp);
      if (prediction === null) return null;
      const reading = readSpans(
        candidate.deviations,
        SHIFT_SPANS,
        value - prediction,
        steps,
        floor,
      );
      return { baseline: { model: candidate.model, prediction }, reading };
    });
    const inUse = readings[state.baseline] ?? null;
    const warm = state.count >= state.options.warmupPoints && inUse !== null;
    const components: SurpriseComponents = warm
      ? {
          point: inUse.reading.surprises[0] ?? 0,
          shift: Math.max(0, ...inUse.reading.surprises.slice(1)),
          variance: Math.max(0, ...(varianceReading?.surprises ?? [])),
          range: rangeSurprise(state.range, value),
        }
      : NO_SURPRISE;
    const combined = Math.max(
      0,
      Math.max(components.point, components.shift, components.variance, components.range) -
        MULTIPLE_TESTS_DISCOUNT,
    );
    const reported = this.reportOnset(combined, steps);
    const explanation = this.explain({
      warm,
      ongoing: reported < combined,
      combined,
      components,
      value,
      baseline: inUse?.baseline ?? null,
      deviations: state.baselines[state.baseline]?.deviations ?? null,
      reading: inUse?.reading ?? null,
      varianceReading,
      floor,
    });

    // 2. Learn it.
    if (gap !== null) recordInterval(state.interval, gap);
    if (state.lastValue !== null && value !== state.lastValue) {
      const change = Math.abs(value - state.lastValue);
      state.resolution = state.resolution === null ? change : Math.min(state.resolution, change);
    }
    recordRange(state.range, value);
    if (varianceReading !== null) commitSpans(state.variance, varianceReading);
    readings.forEach((read, i) => {
      const candidate = state.baselines[i];
      if (read !== null && candidate !== undefined) commitSpans(candidate.deviations, read.reading);
    });
    const interval = typicalInterval(state.interval);
    for (const model of state.models) learn(model, value, timestamp, steps, interval);
    this.selectModels(timestamp);
    state.count++;
    state.lastTimestamp = timestamp;
    state.lastValue = value;

    return this.result(point, surpriseToScore(reported), components, explanation);
  }

  private result(
    point: ObservedPoint,
    score: number,
    components: SurpriseComponents,
    explanation: AnomalyExplanation,
  ): AnomalyResult {
    return { timestamp: point.timestamp, value: point.value, score, components, explanation };
  }

  /** Magnitude of the best one-step predictor's error, in its own sigmas, over the spans. */
  private readVariance(value: number, timestamp: number, steps: number): SpanReading | null {
    const fast = this.state.models[this.state.fastModel];
    if (fast === undefined || !isReady(fast, timestamp)) return null;
    const expected = predict(fast, timestamp);
    const rawSigma = errorSigma(fast);
    if (expected === null || rawSigma === null) return null;
    // A longer gap leaves more room for change, as for a random walk (capped).
    const sigma = Math.max(rawSigma, this.sigmaFloor()) * Math.sqrt(clamp(steps, 1, 9));
    const magnitude = Math.min(Math.abs(value - expected) / sigma, MAGNITUDE_CAP);
    return readSpans(this.state.variance, VARIANCE_SPANS, magnitude, steps, MAGNITUDE_FLOOR);
  }

  /** Below this, error scales are rounding: quantisation of the values or float noise. */
  private sigmaFloor(): number {
    const { resolution, range, lastValue } = this.state;
    const span = range.min !== null && range.max !== null ? range.max - range.min : 0;
    return Math.max(
      resolution === null ? 0 : resolution / 2,
      1e-4 * span,
      1e-9 * Math.abs(lastValue ?? 0),
      1e-12,
    );
  }

  /**
   * The surprise worth reporting: one alert per event, as HTM's likelihood keeps only the first
   * red point of a run. A surprise is reported in full when it jumps ONSET_MARGIN decades above
   * the recent peak (a new event, or one that suddenly grows), or when it creeps to a new high
   * RAMP_MARGIN decades above the last full report (an event that builds up slowly, such as a
   * variance change read through averages); otherwise only what exceeds the recent peak is.
   */
  private reportOnset(surprise: number, steps: number): number {
    const { onset } = this.state;
    const decay = Math.pow(PEAK_DECAY, Math.min(steps, 1000));
    const full =
      surprise > onset.peak + ONSET_MARGIN ||
      (surprise > onset.peak && surprise > onset.reported + RAMP_MARGIN);
    const reported = full ? surprise : Math.max(0, surprise - onset.peak);
    onset.peak = Math.max(surprise, onset.peak * decay);
    onset.reported = full ? surprise : onset.reported * decay;
    return reported;
  }

  /** The best predictors by recent error scale, switching only for a clear improvement. */
  private selectModels(timestamp: number): void {
    const state = this.state;
    const best = (candidates: readonly number[], current: number): number => {
      const sigmaOf = (index: number): number | null => {
        const model = state.models[candidates[index] as number];
        return model !== undefined && isReady(model, timestamp) ? errorSigma(model) : null;
      };
      let chosen = current;
      let chosenSigma = (sigmaOf(current) ?? Infinity) * SWITCH_MARGIN;
      candidates.forEach((_, index) => {
        const sigma = sigmaOf(index);
        if (index !== current && sigma !== null && sigma < chosenSigma) {
          chosen = index;
          chosenSigma = sigma;
        }
      });
      return chosen;
    };
    state.fastModel = best(
      state.models.map((_, i) => i),
      state.fastModel,
    );
    state.baseline = best(
      state.baselines.map((candidate) => candidate.model),
      state.baseline,
    );
  }

  private explain(input: {
    warm: boolean;
    ongoing: boolean;
    combined: number;
    components: SurpriseComponents;
    value: number;
    baseline: BaselineExpectation | null;
    deviations: SpanTrackerState | null;
    reading: SpanReading | null;
    varianceReading: SpanReading | null;
    floor: number;
  }): AnomalyExplanation {
    const { components, baseline, reading } = input;
    const direction = (zs: readonly number[] | undefined, from: number): number => {
      const strongest = (zs ?? [])
        .slice(from)
        .reduce((best, z) => (Math.abs(z) > Math.abs(best) ? z : best), 0);
      return Math.sign(strongest);
    };
    let reason: AnomalyReason;
    if (!input.warm) {
      reason = 'warming-up';
    } else if (input.combined < NOTABLE_SURPRISE) {
      reason = 'normal';
    } else {
      const strongest = Math.max(
        components.point,
        components.shift,
        components.variance,
        components.range,
      );
      if (components.range === strongest) reason = 'out-of-range';
      else if (components.point === strongest)
        reason = direction(reading?.zs, 0) >= 0 ? 'spike' : 'dip';
      else if (components.shift === strongest)
        reason = direction(reading?.zs, 1) >= 0 ? 'level-shift-up' : 'level-shift-down';
      else
        reason =
          direction(input.varianceReading?.zs, 0) >= 0 ? 'variance-increase' : 'variance-decrease';
    }
    const spread = input.deviations === null ? null : expectedInput(input.deviations, input.floor);
    const expected =
      baseline === null || spread === null ? null : baseline.prediction + spread.mean;
    const band = spread === null ? null : EXPLANATION_SIGMAS * spread.sd;
    const model = baseline === null ? undefined : this.state.models[baseline.model];
    return {
      reason,
      ongoing: input.ongoing,
      observed: input.value,
      expected,
      expectedLow: expected === null || band === null ? null : expected - band,
      expectedHigh: expected === null || band === null ? null : expected + band,
      seasonalPeriodMs: model?.kind === 'seasonal' ? model.periodMs : null,
    };
  }
}
