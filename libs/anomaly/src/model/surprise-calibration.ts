// Calibrates a surprise (-log10 p under a Gaussian reading) against how often the series has
// actually produced surprises that large. Real errors have heavy tails and memory, so "one in
// 10^5" by the Gaussian book may happen every day on one series and never on another; a single
// threshold across series needs the empirical rate. The reading is a decayed histogram with a
// prior: with little history, or beyond anything seen, the Gaussian reading stands; where the
// series has often been this surprised, the observed frequency takes over.

/** Histogram resolution and reach, in decades of probability. */
const BIN_WIDTH = 0.25;
const BINS = 120;
/** Surprises are read and recorded up to the histogram's reach. */
export const MAX_SURPRISE = BIN_WIDTH * BINS;
/** Memory of about 4000 points: long enough for rare events, short enough to adapt. */
const DECAY = 1 - 1 / 4000;
/** Weight of the Gaussian prior, in points. */
const PRIOR_WEIGHT = 20;

export interface CalibrationState {
  /** Decayed count of past surprises per bin. */
  weights: number[];
  total: number;
}

export function newCalibration(): CalibrationState {
  return { weights: new Array<number>(BINS).fill(0), total: 0 };
}

/** Decayed weight of past surprises >= s, taking a bin's weight as spread evenly over it. */
function weightAtLeast(state: CalibrationState, surprise: number): number {
  const position = surprise / BIN_WIDTH;
  const bin = Math.floor(position);
  if (bin >= BINS) return 0;
  let weight = (state.weights[bin] as number) * (bin + 1 - position);
  for (let i = bin + 1; i < BINS; i++) weight += state.weights[i] as number;
  return weight;
}

/** The surprise of a p-value that blends the observed tail frequency with the Gaussian one. */
export function calibratedSurprise(state: CalibrationState, rawSurprise: number): number {
  if (!(rawSurprise > 0)) return 0;
  const surprise = Math.min(rawSurprise, MAX_SURPRISE - 1e-9);
  const tail = weightAtLeast(state, surprise) + PRIOR_WEIGHT * Math.pow(10, -surprise);
  const p = tail / (state.total + PRIOR_WEIGHT);
  return Math.max(0, -Math.log10(p));
}

export function recordSurprise(state: CalibrationState, surprise: number): void {
  for (let i = 0; i < BINS; i++) state.weights[i] = (state.weights[i] as number) * DECAY;
  const bin = Math.min(BINS - 1, Math.max(0, Math.floor(surprise / BIN_WIDTH)));
  state.weights[bin] = (state.weights[bin] as number) + 1;
  state.total = state.total * DECAY + 1;
}
