// NAB's scoring arithmetic (numenta/NAB nab/sweeper.py, v1.1): every row gets the score it would
// contribute if it were a detection; sweeping the anomaly scores from high to low then gives the
// NAB score of every possible threshold at once.
import { NabProfile, NAB_PROBATIONARY_FRACTION } from './nab-profiles';

/** An anomaly window, both ends inclusive, as epoch milliseconds that are timestamps of the series. */
export interface NabWindow {
  readonly start: number;
  readonly end: number;
}

export interface NabSeries {
  /** Unique within a corpus, e.g. `realTweets/Twitter_volume_AAPL.csv`. */
  readonly name: string;
  /** Epoch milliseconds, one per row, in file order. */
  readonly timestamps: readonly number[];
  readonly anomalyScores: readonly number[];
  readonly windows: readonly NabWindow[];
}

/** Row outside any window, after the probationary period. */
export const OUTSIDE_WINDOW = -1;
/** Row inside the probationary period: never scored. */
export const PROBATIONARY = -2;

/** One row per data point of one or more series, in parallel arrays (the corpus has ~10^5 rows). */
export interface SweepRows {
  readonly anomalyScores: Float64Array;
  /** What the row adds to the score if it is a detection (the first one, for a window row). */
  readonly sweepScores: Float64Array;
  /** Window id (unique over the rows), OUTSIDE_WINDOW or PROBATIONARY. */
  readonly windowIds: Int32Array;
  /** Window ids are 0 .. windowCount - 1. */
  readonly windowCount: number;
}

export interface ThresholdScore {
  /** A row is a detection when its anomaly score is >= threshold. */
  readonly threshold: number;
  readonly score: number;
  /** Counted in rows, as NAB does. */
  readonly tp: number;
  readonly tn: number;
  readonly fp: number;
  readonly fn: number;
  /** Windows with at least one detection, out of `windows`. */
  readonly detectedWindows: number;
  readonly windows: number;
}

/** NAB's threshold above every score: nothing is detected. */
export const NO_DETECTION_THRESHOLD = 1.1;

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * NAB's reward for a detection at a relative position: -1 is a window's left edge (0.98661),
 * 0 its right edge (0), positive values lie after it and cost up to -1 (from 3 on).
 */
export function scaledSigmoid(relativePosition: number): number {
  if (relativePosition > 3) return -1;
  return 2 * sigmoid(-5 * relativePosition) - 1;
}

/** Rows NAB ignores at the start of a file: 15% of it, at most 15% of 5000. */
export function probationaryLength(rows: number, fraction = NAB_PROBATIONARY_FRACTION): number {
  return Math.min(Math.floor(fraction * rows), fraction * 5000);
}

function firstIndexByTimestamp(timestamps: readonly number[]): Map<number, number> {
  const index = new Map<number, number>();
  timestamps.forEach((timestamp, i) => {
    if (!index.has(timestamp)) index.set(timestamp, i);
  });
  return index;
}

function indexOfLimit(index: Map<number, number>, timestamp: number, series: string): number {
  const found = index.get(timestamp);
  if (found === undefined) {
    throw new Error(
      `${series}: window limit ${new Date(timestamp).toISOString()} is not a row timestamp`,
    );
  }
  return found;
}

/** NAB's calcSweepScore for one series; its windows get ids firstWindowId, firstWindowId + 1, ... */
export function sweepSeries(series: NabSeries, profile: NabProfile, firstWindowId = 0): SweepRows {
  const { timestamps, anomalyScores, windows, name } = series;
  const n = timestamps.length;
  if (anomalyScores.length !== n) {
    throw new Error(`${name}: ${anomalyScores.length} anomaly scores for ${n} rows`);
  }
  const rowIndex = firstIndexByTimestamp(timestamps);
  const maxTp = scaledSigmoid(-1);
  const probation = probationaryLength(n);
  const sweepScores = new Float64Array(n);
  const windowIds = new Int32Array(n);
  const scores = Float64Array.from(anomalyScores);
  for (const score of scores) {
    if (Number.isNaN(score)) throw new Error(`${name}: an anomaly score is NaN`);
  }

  let nextWindow = 0;
  let current: { id: number; end: number; rightIndex: number; width: number } | null = null;
  let previous: { rightIndex: number; width: number } | null = null;
  for (let i = 0; i < n; i++) {
    const timestamp = timestamps[i] as number;
    const upcoming = windows[nextWindow];
    if (upcoming !== undefined && timestamp === upcoming.start) {
      const rightIndex = indexOfLimit(rowIndex, upcoming.end, name);
      const leftIndex = indexOfLimit(rowIndex, upcoming.start, name);
      current = {
        id: firstWindowId + nextWindow,
        end: upcoming.end,
        rightIndex,
        width: rightIndex - leftIndex + 1,
      };
      nextWindow++;
    }

    if (current !== null) {
      const position = -(current.rightIndex - i + 1) / current.width;
      sweepScores[i] = (scaledSigmoid(position) * profile.tpWeight) / maxTp;
    } else {
      const unweighted =
        previous === null
          ? -1
          : scaledSigmoid(Math.abs(previous.rightIndex - i) / (previous.width - 1));
      sweepScores[i] = unweighted * profile.fpWeight;
    }
    windowIds[i] = i < probation ? PROBATIONARY : current !== null ? current.id : OUTSIDE_WINDOW;

    if (current !== null && timestamp === current.end) {
      previous = { rightIndex: i, width: current.width };
      current = null;
    }
  }
  return {
    anomalyScores: scores,
    sweepScores,
    windowIds,
    windowCount: firstWindowId + windows.length,
  };
}

/** The rows of several series as one corpus, as NAB's optimiser concatenates them. */
export function sweepCorpus(series: readonly NabSeries[], profile: NabProfile): SweepRows {
  const parts: SweepRows[] = [];
  let windowCount = 0;
  for (const one of series) {
    const part = sweepSeries(one, profile, windowCount);
    windowCount = part.windowCount;
    parts.push(part);
  }
  const total = parts.reduce((sum, part) => sum + part.anomalyScores.length, 0);
  const joined = {
    anomalyScores: new Float64Array(total),
    sweepScores: new Float64Array(total),
    windowIds: new Int32Array(total),
    windowCount,
  };
  let offset = 0;
  for (const part of parts) {
    joined.anomalyScores.set(part.anomalyScores, offset);
    joined.sweepScores.set(part.sweepScores, offset);
    joined.windowIds.set(part.windowIds, offset);
    offset += part.anomalyScores.length;
  }
  return joined;
}

/** Running NAB score while detections are added: each window counts its best (earliest) row. */
class ScoreAccumulator {
  private readonly windowParts: Float64Array;
  private readonly windowSeen: Uint8Array;
  private falsePositiveSum = 0;
  private windowSum = 0;
  private detected = 0;
  readonly windows: number;
  tp = 0;
  fp = 0;
  tn: number;
  fn: number;

  constructor(
    private readonly rows: SweepRows,
    profile: NabProfile,
    scorable: readonly number[],
  ) {
    this.windowParts = new Float64Array(rows.windowCount).fill(-profile.fnWeight);
    this.windowSeen = new Uint8Array(rows.windowCount);
    let windows = 0;
    let inWindow = 0;
    for (const i of scorable) {
      const id = rows.windowIds[i] as number;
      if (id < 0) continue;
      inWindow++;
      if (this.windowSeen[id] === 0) {
        this.windowSeen[id] = 1;
        windows++;
      }
    }
    // Windows that lie wholly in probationary periods are not scored at all.
    this.windows = windows;
    this.windowSum = -profile.fnWeight * windows;
    this.fn = inWindow;
    this.tn = scorable.length - inWindow;
  }

  add(i: number): void {
    const id = this.rows.windowIds[i] as number;
    const sweep = this.rows.sweepScores[i] as number;
    if (id === OUTSIDE_WINDOW) {
      this.falsePositiveSum += sweep;
      this.fp++;
      this.tn--;
      return;
    }
    if (this.windowSeen[id] === 1) {
      this.windowSeen[id] = 2;
      this.detected++;
    }
    const before = this.windowParts[id] as number;
    if (sweep > before) {
      this.windowParts[id] = sweep;
      this.windowSum += sweep - before;
    }
    this.tp++;
    this.fn--;
  }

  snapshot(threshold: number): ThresholdScore {
    return {
      threshold,
      score: this.falsePositiveSum + this.windowSum,
      tp: this.tp,
      tn: this.tn,
      fp: this.fp,
      fn: this.fn,
      detectedWindows: this.detected,
      windows: this.windows,
    };
  }
}

function scorableRows(rows: SweepRows): number[] {
  const scorable: number[] = [];
  for (let i = 0; i < rows.windowIds.length; i++) {
    if (rows.windowIds[i] !== PROBATIONARY) scorable.push(i);
  }
  return scorable;
}

/**
 * NAB's calcScoreByThreshold: the score of every distinct threshold, from "nothing detected"
 * (NO_DETECTION_THRESHOLD) down to the lowest anomaly score, highest threshold first.
 */
export function scoresByThreshold(rows: SweepRows, profile: NabProfile): ThresholdScore[] {
  const scorable = scorableRows(rows);
  const accumulator = new ScoreAccumulator(rows, profile, scorable);
  const byScore = scorable.sort(
    (a, b) => (rows.anomalyScores[b] as number) - (rows.anomalyScores[a] as number),
  );
  const result: ThresholdScore[] = [];
  let threshold = NO_DETECTION_THRESHOLD;
  for (const i of byScore) {
    const score = rows.anomalyScores[i] as number;
    if (score !== threshold) {
      result.push(accumulator.snapshot(threshold));
      threshold = score;
    }
    accumulator.add(i);
  }
  result.push(accumulator.snapshot(threshold));
  return result;
}

/** NAB's optimiser: the threshold with the highest score (the highest such threshold on ties). */
export function optimalThreshold(rows: SweepRows, profile: NabProfile): ThresholdScore {
  let best: ThresholdScore | undefined;
  for (const candidate of scoresByThreshold(rows, profile)) {
    if (best === undefined || candidate.score > best.score) best = candidate;
  }
  // scoresByThreshold always yields at least the no-detection row.
  return best as ThresholdScore;
}

/** The score with every row whose anomaly score is >= threshold as a detection. */
export function scoreAtThreshold(
  rows: SweepRows,
  profile: NabProfile,
  threshold: number,
): ThresholdScore {
  const scorable = scorableRows(rows);
  const accumulator = new ScoreAccumulator(rows, profile, scorable);
  for (const i of scorable) {
    if ((rows.anomalyScores[i] as number) >= threshold) accumulator.add(i);
  }
  return accumulator.snapshot(threshold);
}
