import { normalizeNabScore, nullDetectorScores, scoreCorpus } from './nab-corpus-score';
import { NAB_REWARD_LOW_FN, NAB_REWARD_LOW_FP, NAB_STANDARD, NabProfile } from './nab-profiles';
import {
  NabSeries,
  optimalThreshold,
  probationaryLength,
  scaledSigmoid,
  scoreAtThreshold,
  scoresByThreshold,
  sweepSeries,
} from './nab-sweep';

// One hundred rows a minute apart; the first 15 are NAB's probationary period (15%).
const ROWS = 100;
const T0 = Date.UTC(2024, 0, 1);
const at = (row: number): number => T0 + row * 60_000;
const timestamps = Array.from({ length: ROWS }, (_, row) => at(row));
/** Rows 40 to 49: a window ten rows wide. */
const WINDOW = { start: at(40), end: at(49) };

function series(detections: Record<number, number>, windows = [WINDOW], name = 'a.csv'): NabSeries {
  return {
    name,
    timestamps,
    anomalyScores: timestamps.map((_, row) => detections[row] ?? 0),
    windows,
  };
}

/** Raw NAB score of a detector that fires (score 1) exactly on the given rows. */
function rawScore(rows: readonly number[], profile: NabProfile = NAB_STANDARD): number {
  const detections = Object.fromEntries(rows.map((row) => [row, 1]));
  return scoreAtThreshold(sweepSeries(series(detections), profile), profile, 1).score;
}

/** The corpus score, normalised as NAB does, of one series. */
function normalised(one: NabSeries, profile: NabProfile = NAB_STANDARD): number {
  const nullResult = scoreCorpus(nullDetectorScores([one]), profile);
  const result = scoreCorpus([one], profile);
  return normalizeNabScore(result.rawScore, nullResult.rawScore, one.windows.length, profile);
}

describe('NAB scoring', () => {
  it('rewards detections by the scaled sigmoid of their place in the window', () => {
    expect(scaledSigmoid(-1)).toBeCloseTo(0.98661, 5);
    expect(scaledSigmoid(-0.5)).toBeCloseTo(0.84828, 5);
    expect(scaledSigmoid(0)).toBe(0);
    expect(scaledSigmoid(1)).toBeCloseTo(-0.98661, 5);
    expect(scaledSigmoid(3.01)).toBe(-1);
  });

  it('ignores the first 15% of a file, at most 750 rows', () => {
    expect(probationaryLength(100)).toBe(15);
    expect(probationaryLength(4032)).toBe(604);
    expect(probationaryLength(22695)).toBe(750);
  });

  it('scores a detection on the first row of every window 100, and the null detector 0', () => {
    expect(rawScore([40])).toBeCloseTo(1, 12);
    expect(normalised(series({ 40: 1 }))).toBeCloseTo(100, 10);
    expect(normalised(nullDetectorScores([series({})])[0] as NabSeries)).toBeCloseTo(0, 10);
  });

  it('charges a false positive before any window exactly A_FP', () => {
    expect(rawScore([20, 40])).toBeCloseTo(1 - 0.11, 12);
    expect(rawScore([20, 40], NAB_REWARD_LOW_FP)).toBeCloseTo(1 - 0.22, 12);
    // (0.89 - (-1)) / (1 - (-1))
    expect(normalised(series({ 20: 1, 40: 1 }))).toBeCloseTo(94.5, 10);
  });

  it('rewards an earlier detection in a window more', () => {
    const maxTp = scaledSigmoid(-1);
    // Row 45: position -(49 - 45 + 1) / 10 = -0.5; row 41: -0.9.
    expect(rawScore([45])).toBeCloseTo(scaledSigmoid(-0.5) / maxTp, 12);
    expect(rawScore([45])).toBeCloseTo(0.85979, 5);
    expect(rawScore([41])).toBeCloseTo(0.9913, 4);
    expect(rawScore([41])).toBeGreaterThan(rawScore([45]));
  });

  it('counts only the first detection in a window', () => {
    expect(rawScore([41, 45, 49])).toBeCloseTo(rawScore([41]), 12);
  });

  it('charges a false positive after a window less the closer it is to the window', () => {
    // Row 59: (59 - 49) / (10 - 1) past the window's right edge.
    const justAfter = rawScore([40, 59]) - 1;
    expect(justAfter).toBeCloseTo(0.11 * scaledSigmoid(10 / 9), 12);
    expect(rawScore([40, 52]) - 1).toBeGreaterThan(justAfter);
    expect(rawScore([40, 95]) - 1).toBeCloseTo(-0.11, 12);
  });

  it('ignores detections in the probationary period', () => {
    expect(rawScore([3, 10, 14, 40])).toBeCloseTo(1, 12);
  });

  it('charges a missed window A_FN', () => {
    expect(rawScore([])).toBe(-1);
    expect(rawScore([], NAB_REWARD_LOW_FN)).toBe(-2);
    expect(normalised(series({ 40: 1 }), NAB_REWARD_LOW_FN)).toBeCloseTo(100, 10);
    // (-2 + 0.11 * 0 - (-2)) / (1 - (-2)): a miss under reward_low_FN is still 0.
    expect(normalised(series({}), NAB_REWARD_LOW_FN)).toBeCloseTo(0, 10);
  });

  it('does not score a window that lies wholly in the probationary period', () => {
    const early = { start: at(5), end: at(9) };
    const result = scoreAtThreshold(
      sweepSeries(series({}, [early]), NAB_STANDARD),
      NAB_STANDARD,
      1,
    );
    expect(result.windows).toBe(0);
    expect(result.score).toBe(0);
  });

  it('lists the score of every threshold, highest threshold first', () => {
    // Rows 80 and 81 lie more than three window widths after the window: full A_FP each.
    const rows = sweepSeries(series({ 40: 0.9, 80: 0.95, 81: 0.95 }), NAB_STANDARD);
    const sweep = scoresByThreshold(rows, NAB_STANDARD);
    expect(sweep.map((row) => row.threshold)).toEqual([1.1, 0.95, 0.9, 0]);
    expect(sweep[0]?.score).toBe(-1);
    expect(sweep[1]?.score).toBeCloseTo(-1 - 0.22, 12);
    expect(sweep[2]?.score).toBeCloseTo(1 - 0.22, 12);
    expect(optimalThreshold(rows, NAB_STANDARD).threshold).toBe(0.9);
  });

  it('prefers detecting nothing when every threshold costs more than it earns', () => {
    const noisy: Record<number, number> = { 45: 0.5 };
    for (let row = 60; row < 90; row++) noisy[row] = 0.9;
    const rows = sweepSeries(series(noisy), NAB_STANDARD);
    expect(optimalThreshold(rows, NAB_STANDARD).threshold).toBe(1.1);
  });

  it('chooses one threshold for the whole corpus, not one per file', () => {
    const first = series({ 40: 0.6 }, [WINDOW], 'first.csv');
    const secondScores: Record<number, number> = { 40: 0.8 };
    for (let row = 80; row < 100; row++) secondScores[row] = 0.7;
    const second = series(secondScores, [WINDOW], 'second.csv');
    const corpus = scoreCorpus([first, second], NAB_STANDARD);
    // 0.8 catches the second file's window only (0); 0.6 catches both but pays 20 false
    // positives (2 - 20 * 0.11 = -0.2).
    expect(corpus.threshold).toBe(0.8);
    expect(corpus.series[0]?.result.score).toBe(-1);
    expect(corpus.rawScore).toBeCloseTo(0, 12);
  });

  it('refuses a window limit that is not a timestamp of the series', () => {
    const misplaced = { start: at(40) + 1, end: at(49) };
    const shifted = series({}, [{ start: at(40), end: misplaced.start }]);
    expect(() => sweepSeries(shifted, NAB_STANDARD)).toThrow(/not a row timestamp/);
  });
});
