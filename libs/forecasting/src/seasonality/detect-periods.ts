// Finds seasonal periods when the caller gives none, and a longer second period (a week over a
// day) when the caller gives one. The primary period comes from the autocorrelation function:
// the lag whose peaks repeat most strongly at its multiples, reduced to its fundamental. A second
// period is kept only when, decomposed next to the primary one, its seasonal component is
// strong (seasonal strength >= 0.5): a weak one adds more noise to forecasts than it explains.
import { autocorrelations, linearTrend, variance as varianceOf } from '../numeric/descriptive';
import { mstl, seasonalStrength } from './mstl';

const MAX_LAG = 1000;
/** An ACF peak must rise this far above the lowest ACF before it to count. */
const MIN_PROMINENCE = 0.1;
/** A divisor of the strongest peak is the fundamental if its peak is at least this fraction. */
const FUNDAMENTAL_SHARE = 0.5;
/** A multiple of the primary period must beat its neighbouring multiples by this much. */
const MIN_STANDOUT = 0.02;
/**
 * A primary period's ACF, averaged over its first multiples, must reach this: it keeps noise
 * (whose many lags always include a significant-looking peak) from passing for a season, at the
 * cost of missing seasons too weak to improve a forecast anyway.
 */
const MIN_REPETITION = 0.2;
/** Seasonal strength a second period needs (see the module comment). */
const MIN_SECONDARY_STRENGTH = 0.5;
/** A component with less variance than this share of the series' is no component at all. */
const NEGLIGIBLE_SHARE = 1e-9;
/** Sub-daily data repeat weekly: seven primary cycles are always a candidate. */
const WEEK_IN_DAYS = 7;

export interface DetectPeriodsOptions {
  /** A known primary period: only a longer one is then searched for. */
  readonly primary?: number;
}

/** Seasonal periods in ascending order; empty when the series shows none. */
export function detectSeasonalPeriods(
  y: ArrayLike<number>,
  options: DetectPeriodsOptions = {},
): number[] {
  const n = y.length;
  const maxLag = Math.min(MAX_LAG, Math.floor(n / 2));
  if (maxLag < 4) return options.primary !== undefined ? [options.primary] : [];
  const acf = [1, ...autocorrelations(detrend(y), maxLag)];
  const primary = options.primary ?? findPrimary(acf, n);
  if (primary === undefined) return [];
  const secondary = findSecondary(y, acf, primary);
  return secondary === undefined ? [primary] : [primary, secondary];
}

function detrend(y: ArrayLike<number>): Float64Array {
  const { intercept, slope } = linearTrend(y);
  return Float64Array.from({ length: y.length }, (_, t) => y[t] - intercept - slope * t);
}

/** Lags with a local ACF maximum that is significant and prominent. */
function peaks(acf: readonly number[], n: number): number[] {
  const found: number[] = [];
  let bartlett = 1;
  let lowest = 1;
  for (let lag = 1; lag < acf.length - 1; lag++) {
    lowest = Math.min(lowest, acf[lag]);
    const limit = (1.96 / Math.sqrt(n)) * Math.sqrt(bartlett);
    bartlett += 2 * acf[lag] ** 2;
    if (lag < 2) continue;
    const isLocalMax = acf[lag] > acf[lag - 1] && acf[lag] >= acf[lag + 1];
    if (isLocalMax && acf[lag] > limit && acf[lag] - lowest >= MIN_PROMINENCE) found.push(lag);
  }
  return found;
}

/**
 * Mean ACF at the lag and its next multiples: a true period repeats at 2p and 3p, a neighbour of
 * it (23 for 24) that peaked by noise does not.
 */
function repetitionScore(acf: readonly number[], lag: number): number {
  let total = 0;
  let count = 0;
  for (let k = 1; k <= 3 && k * lag < acf.length; k++) {
    total += Math.max(acf[k * lag - 1] ?? -1, acf[k * lag], acf[k * lag + 1] ?? -1);
    count++;
  }
  return total / count;
}

function findPrimary(acf: readonly number[], n: number): number | undefined {
  const candidates = peaks(acf, n);
  if (candidates.length === 0) return undefined;
  const score = (lag: number): number => repetitionScore(acf, lag);
  const strongest = candidates.reduce((best, lag) => (score(lag) > score(best) ? lag : best));
  if (score(strongest) < MIN_REPETITION) return undefined;
  const fundamentals = candidates.filter(
    (lag) =>
      lag < strongest &&
      strongest % lag === 0 &&
      score(lag) >= FUNDAMENTAL_SHARE * score(strongest) &&
      acf[lag] >= FUNDAMENTAL_SHARE * acf[strongest],
  );
  let primary = fundamentals.length > 0 ? Math.min(...fundamentals) : strongest;
  // A twice-daily shape makes lag 12 a peak too; the day shows as a clearly higher peak at 24.
  for (let grown = true; grown;) {
    grown = false;
    for (const factor of [2, 3, 5, 7]) {
      const lag = factor * primary;
      if (strongest % lag === 0 && acf[lag] - acf[primary] > MIN_PROMINENCE) {
        primary = lag;
        grown = true;
        break;
      }
    }
  }
  return primary;
}

/** The strongest of the candidate longer periods, if strong enough (see the module comment). */
function findSecondary(
  y: ArrayLike<number>,
  acf: readonly number[],
  primary: number,
): number | undefined {
  const candidates = new Set<number>([WEEK_IN_DAYS * primary]);
  const standout = findStandoutMultiple(acf, primary);
  if (standout !== undefined) candidates.add(standout);
  let best: number | undefined;
  let bestStrength = MIN_SECONDARY_STRENGTH;
  const scale = varianceOf(y);
  for (const period of candidates) {
    if (y.length <= 2 * period) continue;
    const decomposition = mstl(y, [primary, period]);
    const index = decomposition.periods.indexOf(period);
    if (index === -1) continue;
    // On an exactly periodic series both the component and the remainder are rounding noise,
    // whose ratio means nothing.
    if (varianceOf(decomposition.seasonals[index]) <= NEGLIGIBLE_SHARE * scale) continue;
    const strength = seasonalStrength(decomposition.seasonals[index], decomposition.remainder);
    if (strength >= bestStrength) {
      best = period;
      bestStrength = strength;
    }
  }
  return best;
}

/** The multiple of `primary` whose ACF most exceeds the ACF at the multiples on either side. */
function findStandoutMultiple(acf: readonly number[], primary: number): number | undefined {
  let best: number | undefined;
  let bestStandout = MIN_STANDOUT;
  for (let k = 2; (k + 1) * primary < acf.length; k++) {
    const lag = k * primary;
    const standout = acf[lag] - Math.max(acf[lag - primary], acf[lag + primary]);
    if (standout > bestStandout) {
      best = lag;
      bestStandout = standout;
    }
  }
  return best;
}
