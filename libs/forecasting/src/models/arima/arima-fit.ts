// Fits a seasonal ARIMA(p,d,q)(P,D,Q)m by conditional sum of squares (CSS): the series is
// differenced, and the ARMA residuals of the rest are minimised with Levenberg-Marquardt over
// parameters kept stationary and invertible by the partial-autocorrelation transform. CSS is
// what auto.arima itself uses to search long seasonal series; exact likelihood over a state
// of dimension m would cost far more for little change in the chosen forecast.
import { levenbergMarquardt } from '../../numeric/levenberg-marquardt';
import {
  LagPolynomial,
  arPolynomial,
  maPolynomial,
  multiply,
  smallestRootModulus,
  stationaryFromUnconstrained,
} from './polynomials';

export interface ArimaOrder {
  readonly p: number;
  readonly d: number;
  readonly q: number;
  readonly P: number;
  readonly D: number;
  readonly Q: number;
  /** Seasonal period (1 when non-seasonal). */
  readonly m: number;
  /** Mean of the differenced series (a drift when differenced once). */
  readonly constant: boolean;
}

export interface FittedArima {
  readonly order: ArimaOrder;
  /** Expanded AR polynomial 1 - a1 B - ... of the differenced series. */
  readonly ar: LagPolynomial;
  /** Expanded MA polynomial 1 + c1 B + ... */
  readonly ma: LagPolynomial;
  readonly mean: number;
  readonly sigma2: number;
  readonly aicc: number;
  /** The differenced series and its residuals (zero over the conditioning start). */
  readonly differenced: Float64Array;
  readonly residuals: Float64Array;
  /** Smallest root modulus of the AR and MA parts: near 1 means near a unit root. */
  readonly smallestRoot: number;
}

export function describeArima(order: ArimaOrder): string {
  const seasonal = order.m > 1 ? `(${order.P},${order.D},${order.Q})[${order.m}]` : '';
  const constant = order.constant ? (order.d + order.D === 0 ? ' with mean' : ' with drift') : '';
  return `ARIMA(${order.p},${order.d},${order.q})${seasonal}${constant}`;
}

export function difference(y: ArrayLike<number>, lag: number): Float64Array {
  const out = new Float64Array(Math.max(0, y.length - lag));
  for (let t = lag; t < y.length; t++) out[t - lag] = y[t] - y[t - lag];
  return out;
}

export function differenceFully(y: ArrayLike<number>, order: ArimaOrder): Float64Array {
  let w: Float64Array = Float64Array.from(y);
  for (let i = 0; i < order.D; i++) w = difference(w, order.m);
  for (let i = 0; i < order.d; i++) w = difference(w, 1);
  return w;
}

interface Sparse {
  readonly lags: Int32Array;
  readonly coefficients: Float64Array;
}

/** Nonzero terms of a lag polynomial beyond lag 0, with `sign` applied (AR terms move right). */
function sparse(polynomial: LagPolynomial, sign: number): Sparse {
  const lags: number[] = [];
  const coefficients: number[] = [];
  for (let lag = 1; lag < polynomial.length; lag++) {
    if (polynomial[lag] !== 0) {
      lags.push(lag);
      coefficients.push(sign * polynomial[lag]);
    }
  }
  return { lags: Int32Array.from(lags), coefficients: Float64Array.from(coefficients) };
}

interface Coefficients {
  readonly ar: LagPolynomial;
  readonly ma: LagPolynomial;
  readonly mean: number;
  readonly smallestRoot: number;
}

/** Raw optimiser values: [AR pacf..., MA pacf..., SAR pacf..., SMA pacf..., scaled mean]. */
function decode(x: readonly number[], order: ArimaOrder, meanScale: number): Coefficients {
  let i = 0;
  const take = (count: number): number[] => x.slice(i, (i += count));
  const phi = stationaryFromUnconstrained(take(order.p));
  const theta = stationaryFromUnconstrained(take(order.q)).map((c) => -c);
  const seasonalPhi = stationaryFromUnconstrained(take(order.P));
  const seasonalTheta = stationaryFromUnconstrained(take(order.Q)).map((c) => -c);
  const mean = order.constant ? x[i] * meanScale : 0;
  // Seasonal factors are checked as polynomials in B^m: their roots in B all lie within a
  // factor m^(-1) of the unit circle, which would reject every useful seasonal coefficient.
  const smallestRoot = Math.min(
    smallestRootModulus(arPolynomial(phi)),
    smallestRootModulus(arPolynomial(seasonalPhi)),
    smallestRootModulus(maPolynomial(theta)),
    smallestRootModulus(maPolynomial(seasonalTheta)),
  );
  return {
    ar: multiply(arPolynomial(phi), arPolynomial(seasonalPhi, order.m)),
    ma: multiply(maPolynomial(theta), maPolynomial(seasonalTheta, order.m)),
    mean,
    smallestRoot,
  };
}

/** CSS residuals: e_t = w_t - mean - sum a_k (w_{t-k} - mean) - sum c_k e_{t-k}, from `start`. */
function cssResiduals(
  w: Float64Array,
  mean: number,
  ar: Sparse,
  ma: Sparse,
  start: number,
  out: Float64Array,
): number {
  out.fill(0, 0, Math.min(start, out.length));
  let sse = 0;
  const arCount = ar.lags.length;
  const maCount = ma.lags.length;
  for (let t = start; t < w.length; t++) {
    let value = w[t] - mean;
    for (let k = 0; k < arCount; k++) value -= ar.coefficients[k] * (w[t - ar.lags[k]] - mean);
    for (let k = 0; k < maCount; k++) {
      const lag = t - ma.lags[k];
      if (lag >= start) value -= ma.coefficients[k] * out[lag];
    }
    out[t] = value;
    sse += value * value;
  }
  return sse;
}

export function conditioningLength(order: ArimaOrder): number {
  return order.p + order.m * order.P;
}

export function parameterCount(order: ArimaOrder): number {
  return order.p + order.q + order.P + order.Q + (order.constant ? 1 : 0) + 1;
}

/** Undefined when the differenced series is too short for the order. */
export function fitArima(y: ArrayLike<number>, order: ArimaOrder): FittedArima | undefined {
  const w = differenceFully(y, order);
  const start = conditioningLength(order);
  const k = parameterCount(order);
  const residualCount = w.length - start;
  if (residualCount < Math.max(10, 2 * k)) return undefined;
  let total = 0;
  for (let t = 0; t < w.length; t++) total += w[t];
  const wMean = total / w.length;
  let spread = 0;
  for (let t = 0; t < w.length; t++) spread += (w[t] - wMean) ** 2;
  const meanScale = Math.sqrt(spread / w.length) || 1;

  const armaCount = order.p + order.q + order.P + order.Q;
  const startX = new Array<number>(armaCount).fill(0);
  if (order.constant) startX.push(wMean / meanScale);
  const full = new Float64Array(w.length);
  const residualsOf = (x: readonly number[], out: Float64Array): number => {
    if (x.some((value, i) => i < armaCount && Math.abs(value) > 6)) return Number.POSITIVE_INFINITY;
    const coefficients = decode(x, order, meanScale);
    const sse = cssResiduals(
      w,
      coefficients.mean,
      sparse(coefficients.ar, -1),
      sparse(coefficients.ma, 1),
      start,
      full,
    );
    out.set(full.subarray(start));
    return Number.isFinite(sse) ? sse : Number.POSITIVE_INFINITY;
  };
  const { x, sse } = levenbergMarquardt(residualsOf, startX, residualCount, { tolerance: 1e-6 });
  if (!Number.isFinite(sse)) return undefined;
  const coefficients = decode(x, order, meanScale);
  const residuals = new Float64Array(w.length);
  cssResiduals(
    w,
    coefficients.mean,
    sparse(coefficients.ar, -1),
    sparse(coefficients.ma, 1),
    start,
    residuals,
  );
  const n = w.length;
  const sigma2Css = Math.max(sse / residualCount, 1e-300);
  const minus2LogLik = n * (Math.log(sigma2Css) + 1 + Math.log(2 * Math.PI));
  return {
    order,
    ar: coefficients.ar,
    ma: coefficients.ma,
    mean: coefficients.mean,
    sigma2: sse / Math.max(1, residualCount - k + 1),
    aicc: minus2LogLik + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1),
    differenced: w,
    residuals,
    smallestRoot: coefficients.smallestRoot,
  };
}
