import { AnomalyDetector } from './anomaly-detector';
import { AnomalyResult, ObservedPoint } from './anomaly-result';
import { InvalidDetectorStateError } from './detector-state-validation';
import {
  alter,
  FIVE_MINUTES_MS,
  makeSeries,
  seededRandom,
  START_MS,
} from './testing/synthetic-series';

function observeAll(
  points: readonly ObservedPoint[],
  detector = new AnomalyDetector(),
): AnomalyResult[] {
  return points.map((point) => detector.observe(point));
}

function scores(results: readonly AnomalyResult[]): number[] {
  return results.map((result) => result.score);
}

function max(values: readonly number[]): number {
  return values.reduce((a, b) => Math.max(a, b), 0);
}

/** Share of scores at or above a level: how often the detector would alert at that threshold. */
function shareAtLeast(values: readonly number[], level: number): number {
  return values.filter((value) => value >= level).length / values.length;
}

// Two weeks of 5-minute points: long enough to learn a daily cycle.
const TWO_WEEKS = 4032;
const ANOMALY_AT = 3000;
/** The suggested alert level: anomalies must reach it, normal points rarely. */
const ALERT = 0.5;
/** Two and a half decades of surprise above the alert level: no noise gets here. */
const CERTAIN = 0.75;

describe('AnomalyDetector', () => {
  const noisy = makeSeries({ length: TWO_WEEKS, noise: 2, seed: 7 });
  const daily = makeSeries({ length: TWO_WEEKS, noise: 2, dailyAmplitude: 30, seed: 11 });

  it('scores each point from the points before it only: a prefix scores the same', () => {
    const series = alter(daily, ANOMALY_AT, (value) => value + 40);
    const full = scores(observeAll(series));
    for (const length of [1, 50, 700, ANOMALY_AT, ANOMALY_AT + 1, 3500]) {
      expect(scores(observeAll(series.slice(0, length)))).toEqual(full.slice(0, length));
    }
  });

  it('keeps every score in [0, 1], whatever the input', () => {
    const random = seededRandom(3);
    const hostile: ObservedPoint[] = [
      ...makeSeries({ length: 300, noise: 0 }),
      ...Array.from({ length: 300 }, (_, i) => ({
        timestamp: START_MS + (300 + i) * FIVE_MINUTES_MS,
        value: random() < 0.05 ? 1e12 * (random() - 0.5) : random() * 1e-9,
      })),
      { timestamp: START_MS + 600 * FIVE_MINUTES_MS, value: Number.NaN },
      { timestamp: START_MS + 600 * FIVE_MINUTES_MS, value: -5 },
      { timestamp: START_MS + 100 * FIVE_MINUTES_MS, value: 3 },
      { timestamp: START_MS + 1e10, value: Number.MAX_VALUE / 4 },
      { timestamp: Number.POSITIVE_INFINITY, value: 1 },
    ];
    for (const score of scores(observeAll(hostile))) {
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(1);
    }
  });

  it('rarely alerts on plain noise or on a clean daily cycle', () => {
    for (const series of [noisy, daily]) {
      const afterWarmup = scores(observeAll(series)).slice(600);
      expect(shareAtLeast(afterWarmup, ALERT)).toBeLessThan(0.001);
      expect(max(afterWarmup)).toBeLessThan(CERTAIN);
    }
  });

  it('scores a spike and a dip high', () => {
    for (const jump of [+25, -25]) {
      const results = observeAll(alter(daily, ANOMALY_AT, (value) => value + jump, ANOMALY_AT + 1));
      expect(results[ANOMALY_AT]?.score).toBeGreaterThan(ALERT);
      expect(results[ANOMALY_AT]?.explanation.reason).toBe(jump > 0 ? 'spike' : 'dip');
    }
  });

  it('explains a spike with the range it expected and the value it saw', () => {
    const results = observeAll(alter(noisy, ANOMALY_AT, (value) => value + 25, ANOMALY_AT + 1));
    const { explanation } = results[ANOMALY_AT] as AnomalyResult;
    expect(explanation.observed).toBeCloseTo((noisy[ANOMALY_AT]?.value ?? 0) + 25);
    expect(explanation.expected).toBeGreaterThan(95);
    expect(explanation.expected).toBeLessThan(105);
    expect(explanation.expectedHigh).toBeLessThan(explanation.observed);
    expect(explanation.expectedLow).toBeLessThan(explanation.expected as number);
  });

  it('scores a level shift high where it starts', () => {
    const results = observeAll(alter(noisy, ANOMALY_AT, (value) => value + 12));
    expect(max(scores(results.slice(ANOMALY_AT, ANOMALY_AT + 5)))).toBeGreaterThan(ALERT);
  });

  it('catches a level shift too small for any single point to stand out', () => {
    // 2.5 sigma: hardly unusual as one point, unmistakable as a new level.
    const results = observeAll(alter(noisy, ANOMALY_AT, (value) => value + 5));
    const onset = results.slice(ANOMALY_AT, ANOMALY_AT + 60);
    expect(max(scores(onset))).toBeGreaterThan(ALERT);
    expect(onset.map((result) => result.explanation.reason)).toContain('level-shift-up');
  });

  it('accepts a new level as normal once it has lasted', () => {
    const shifted = scores(observeAll(alter(noisy, ANOMALY_AT, (value) => value + 12)));
    const unshifted = scores(observeAll(noisy));
    const alerts = (values: number[]): number =>
      values.slice(ANOMALY_AT + 500).filter((score) => score >= ALERT).length;
    expect(alerts(shifted)).toBeLessThanOrEqual(alerts(unshifted));
    expect(max(shifted.slice(ANOMALY_AT + 500))).toBeLessThan(CERTAIN);
  });

  it('scores a change of variance high', () => {
    const results = observeAll(alter(noisy, ANOMALY_AT, (value) => 100 + (value - 100) * 4));
    expect(max(scores(results.slice(ANOMALY_AT, ANOMALY_AT + 100)))).toBeGreaterThan(ALERT);
  });

  it('scores a sensor that gets stuck high', () => {
    const stuck = alter(noisy, ANOMALY_AT, () => 101.3);
    const results = observeAll(stuck).slice(ANOMALY_AT, ANOMALY_AT + 100);
    expect(max(scores(results))).toBeGreaterThan(ALERT);
    expect(results.map((result) => result.explanation.reason)).toContain('variance-decrease');
  });

  it('scores a broken daily cycle high even when each value is within the usual range', () => {
    // The cycle stops and the series stays at its mean: one-step predictions find that easy,
    // only the seasonal expectation sees it.
    const flat = alter(daily, ANOMALY_AT, (value) => 100 + (value - 100) * 0.05, ANOMALY_AT + 288);
    const results = observeAll(flat);
    expect(max(scores(results.slice(ANOMALY_AT, ANOMALY_AT + 288)))).toBeGreaterThan(ALERT);
  });

  it('uses the daily cycle it found for its expectation', () => {
    const results = observeAll(daily);
    const late = results.slice(3000);
    expect(late.some((result) => result.explanation.seasonalPeriodMs === 86_400_000)).toBe(true);
  });

  it('copes with irregular timestamps and gaps', () => {
    const random = seededRandom(5);
    let timestamp = START_MS;
    const irregular = daily.map((point, i) => {
      // Jittered 5-minute steps with a two-day outage in the middle.
      timestamp += FIVE_MINUTES_MS * (0.5 + random()) + (i === 2000 ? 2 * 86_400_000 : 0);
      return { timestamp, value: point.value };
    });
    const afterWarmup = scores(observeAll(irregular)).slice(600);
    expect(shareAtLeast(afterWarmup, ALERT)).toBeLessThan(0.002);
    const withSpike = alter(irregular, ANOMALY_AT, (value) => value + 40, ANOMALY_AT + 1);
    expect(observeAll(withSpike)[ANOMALY_AT]?.score).toBeGreaterThan(ALERT);
  });

  it('continues identically after a snapshot is restored', () => {
    const series = alter(daily, ANOMALY_AT, (value) => value + 40);
    const uninterrupted = scores(observeAll(series));
    const first = new AnomalyDetector();
    observeAll(series.slice(0, 2500), first);
    const stored = JSON.stringify(first.snapshot());
    const restored = AnomalyDetector.fromSnapshot(JSON.parse(stored));
    expect(scores(observeAll(series.slice(2500), restored))).toEqual(uninterrupted.slice(2500));
  });

  it('keeps a state whose size does not grow with the series', () => {
    const detector = new AnomalyDetector();
    observeAll(daily.slice(0, 2000), detector);
    const early = JSON.stringify(detector.snapshot()).length;
    observeAll(daily.slice(2000), detector);
    observeAll(
      makeSeries({ length: 8000, noise: 2, dailyAmplitude: 30, seed: 12 }).map((point) => ({
        ...point,
        timestamp: point.timestamp + TWO_WEEKS * FIVE_MINUTES_MS,
      })),
      detector,
    );
    const late = JSON.stringify(detector.snapshot()).length;
    expect(late).toBeLessThan(early * 1.2);
    expect(late).toBeLessThan(64 * 1024);
  });

  it('reports a non-finite value without learning from it', () => {
    const detector = new AnomalyDetector();
    observeAll(noisy.slice(0, 1000), detector);
    const before = JSON.stringify(detector.snapshot());
    const result = detector.observe({ timestamp: START_MS + 1000 * FIVE_MINUTES_MS, value: NaN });
    expect(result.score).toBe(0);
    expect(result.explanation.reason).toBe('invalid-value');
    expect(JSON.stringify(detector.snapshot())).toBe(before);
  });

  it('refuses a snapshot that is not one', () => {
    const detector = new AnomalyDetector();
    const snapshot = detector.snapshot();
    expect(() => detector.restore({ ...snapshot, version: 99 })).toThrow(InvalidDetectorStateError);
    expect(() => detector.restore({ ...snapshot, models: [] })).toThrow(/models/);
    expect(() => detector.restore('{}')).toThrow(InvalidDetectorStateError);
  });
});
