// Forecasts of a fitted ARIMA: the ARMA recursion on the differenced series with future shocks
// at zero, integrated back, and the variance from the psi weights of the full (differenced)
// model: var_h = sigma^2 (psi_0^2 + ... + psi_{h-1}^2).
import { difference, FittedArima } from './arima-fit';
import { differencingPolynomial, multiply } from './polynomials';

export interface ArimaForecast {
  readonly point: number[];
  readonly sd: number[];
}

export function forecastArima(
  y: ArrayLike<number>,
  fit: FittedArima,
  horizon: number,
): ArimaForecast {
  const { order, ar, ma, mean, differenced: w, residuals } = fit;
  const n = w.length;
  const extended = new Float64Array(n + horizon);
  const shocks = new Float64Array(n + horizon);
  for (let t = 0; t < n; t++) {
    extended[t] = w[t] - mean;
    shocks[t] = residuals[t];
  }
  for (let t = n; t < n + horizon; t++) {
    let value = 0;
    for (let k = 1; k < ar.length; k++) if (t - k >= 0) value -= ar[k] * extended[t - k];
    for (let k = 1; k < ma.length; k++) if (t - k >= 0) value += ma[k] * shocks[t - k];
    extended[t] = value;
  }
  let future = Array.from(extended.subarray(n), (value) => value + mean);
  for (const { series, lag } of differencingStages(y, order.d, order.D, order.m).reverse()) {
    const history = series.length;
    const joined = Float64Array.from([...Array.from(series), ...future]);
    for (let h = 0; h < horizon; h++) joined[history + h] = future[h] + joined[history + h - lag];
    future = Array.from(joined.subarray(history));
  }
  return { point: future, sd: psiStandardDeviations(fit, horizon) };
}

/** Each differencing step's input series and lag, in the order they were applied. */
function differencingStages(
  y: ArrayLike<number>,
  d: number,
  seasonalD: number,
  m: number,
): { series: Float64Array; lag: number }[] {
  const stages: { series: Float64Array; lag: number }[] = [];
  let current: Float64Array = Float64Array.from(y);
  for (let i = 0; i < seasonalD; i++) {
    stages.push({ series: current, lag: m });
    current = difference(current, m);
  }
  for (let i = 0; i < d; i++) {
    stages.push({ series: current, lag: 1 });
    current = difference(current, 1);
  }
  return stages;
}

function psiStandardDeviations(fit: FittedArima, horizon: number): number[] {
  const { order, ar, ma, sigma2 } = fit;
  const fullAr = multiply(ar, differencingPolynomial(order.d, order.D, order.m));
  const psi = new Float64Array(horizon);
  psi[0] = 1;
  for (let j = 1; j < horizon; j++) {
    let value = j < ma.length ? ma[j] : 0;
    for (let k = 1; k <= j && k < fullAr.length; k++) value -= fullAr[k] * psi[j - k];
    psi[j] = value;
  }
  const sd: number[] = [];
  let cumulative = 0;
  for (let h = 0; h < horizon; h++) {
    cumulative += psi[h] * psi[h];
    sd.push(Math.sqrt(Math.max(0, sigma2) * cumulative));
  }
  return sd;
}
