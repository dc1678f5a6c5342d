// How many differences a series needs, as auto.arima decides it: seasonal differencing when the
// STL seasonal strength exceeds 0.64, then first differences while a KPSS test (5%) rejects
// level stationarity.
import { seasonalStrength } from '../../seasonality/mstl';
import { stl } from '../../seasonality/stl';
import { difference } from './arima-fit';

const KPSS_CRITICAL_5_PERCENT = 0.463;
const SEASONAL_STRENGTH_THRESHOLD = 0.64;
const MAX_D = 2;

/** The KPSS level-stationarity statistic with a Bartlett long-run variance. */
export function kpssStatistic(x: ArrayLike<number>): number {
  const n = x.length;
  let total = 0;
  for (let t = 0; t < n; t++) total += x[t];
  const m = total / n;
  const e = Float64Array.from(x, (value) => value - m);
  let partial = 0;
  let partialSquares = 0;
  let variance = 0;
  for (let t = 0; t < n; t++) {
    partial += e[t];
    partialSquares += partial * partial;
    variance += e[t] * e[t];
  }
  const lags = Math.trunc((3 * Math.sqrt(n)) / 13);
  for (let lag = 1; lag <= lags; lag++) {
    let covariance = 0;
    for (let t = lag; t < n; t++) covariance += e[t] * e[t - lag];
    variance += 2 * (1 - lag / (lags + 1)) * covariance;
  }
  const longRun = variance / n;
  if (!(longRun > 0)) return 0;
  return partialSquares / (n * n * longRun);
}

function isConstant(x: ArrayLike<number>): boolean {
  for (let t = 1; t < x.length; t++) if (x[t] !== x[0]) return false;
  return true;
}

export function regularDifferences(x: ArrayLike<number>): number {
  let current: Float64Array = Float64Array.from(x);
  let d = 0;
  while (d < MAX_D && current.length > 10 && !isConstant(current)) {
    if (kpssStatistic(current) <= KPSS_CRITICAL_5_PERCENT) break;
    current = difference(current, 1);
    d++;
  }
  return d;
}

export function seasonalDifferences(x: ArrayLike<number>, m: number): number {
  if (m < 2 || x.length < 2 * m + 1 || isConstant(x)) return 0;
  const { seasonal, remainder } = stl(x, m, { seasonalWindow: 'periodic' });
  return seasonalStrength(seasonal, remainder) > SEASONAL_STRENGTH_THRESHOLD ? 1 : 0;
}
