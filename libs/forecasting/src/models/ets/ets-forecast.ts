// Point forecasts and prediction intervals of a fitted ETS model. Linear models with additive
// errors (Hyndman et al.'s class 1) have closed-form variances; the others are simulated.
import { PredictionInterval } from '../../forecast-types';
import { seededRandom } from '../../numeric/seeded-random';
import { normalIntervals, sampleIntervals } from '../intervals';
import { FittedEts } from './ets-fit';
import { EtsState, isSeasonal } from './ets-spec';

const SIMULATED_PATHS = 2000;
const SIMULATION_SEED = 20240601;

export interface EtsForecast {
  readonly point: number[];
  readonly intervals: Map<number, PredictionInterval>;
}

export function forecastEts(
  fit: FittedEts,
  horizon: number,
  levels: readonly number[],
): EtsForecast {
  const point = pointForecasts(fit, fit.final, fit.n, horizon);
  const closedForm = fit.spec.error === 'A' && fit.spec.season !== 'M';
  const intervals = closedForm
    ? normalIntervals(point, closedFormSd(fit, horizon), levels)
    : sampleIntervals(simulate(fit, horizon), levels);
  return { point, intervals };
}

function pointForecasts(fit: FittedEts, state: EtsState, n: number, horizon: number): number[] {
  const { spec, params } = fit;
  const point: number[] = [];
  let trendSum = 0;
  let dampPower = 1;
  for (let h = 1; h <= horizon; h++) {
    if (spec.trend === 'A') trendSum = h;
    else if (spec.trend === 'Ad') {
      dampPower *= params.phi;
      trendSum += dampPower;
    }
    const base = state.level + trendSum * state.trend;
    if (!isSeasonal(spec)) {
      point.push(base);
      continue;
    }
    const s = state.seasonal[(n + h - 1) % spec.m];
    point.push(spec.season === 'M' ? base * s : base + s);
  }
  return point;
}

/** sd_h = sigma sqrt(1 + sum_{j<h} c_j^2), c_j = alpha + beta phi_j + gamma [j = 0 mod m]. */
function closedFormSd(fit: FittedEts, horizon: number): number[] {
  const { spec, params, sigma2 } = fit;
  const sd: number[] = [];
  let total = 1;
  let phiSum = 0;
  let phiPower = 1;
  for (let h = 1; h <= horizon; h++) {
    sd.push(Math.sqrt(sigma2 * total));
    const j = h;
    if (spec.trend === 'A') phiSum = j;
    else if (spec.trend === 'Ad') {
      phiPower *= params.phi;
      phiSum += phiPower;
    }
    const seasonalHit = isSeasonal(spec) && j % spec.m === 0 ? params.gamma : 0;
    total += (params.alpha + params.beta * phiSum + seasonalHit) ** 2;
  }
  return sd;
}

/** Sample paths from the fitted state space model: paths[h][i] is path i at step h + 1. */
function simulate(fit: FittedEts, horizon: number): Float64Array[] {
  const { spec, params, sigma2, final, n } = fit;
  const random = seededRandom(SIMULATION_SEED);
  const sigma = Math.sqrt(Math.max(0, sigma2));
  const seasonalType = isSeasonal(spec) ? spec.season : 'N';
  const m = Math.max(1, spec.m);
  const damp = spec.trend === 'Ad' ? params.phi : spec.trend === 'A' ? 1 : 0;
  const paths = Array.from({ length: horizon }, () => new Float64Array(SIMULATED_PATHS));
  const seasonal = new Float64Array(final.seasonal.length);
  for (let path = 0; path < SIMULATED_PATHS; path++) {
    let level = final.level;
    let trend = final.trend;
    seasonal.set(final.seasonal);
    for (let h = 0; h < horizon; h++) {
      const slot = (n + h) % m;
      const s = seasonalType === 'N' ? 0 : seasonal[slot];
      const dampedTrend = damp * trend;
      const base = level + dampedTrend;
      const expected = seasonalType === 'M' ? base * s : seasonalType === 'A' ? base + s : base;
      const shock = sigma * random.normal();
      const value = spec.error === 'M' ? expected * (1 + shock) : expected + shock;
      paths[h][path] = value;
      const r = value - expected;
      const scaled = seasonalType === 'M' ? r / s : r;
      level = base + params.alpha * scaled;
      trend = dampedTrend + params.beta * scaled;
      if (seasonalType === 'M') seasonal[slot] = s + (params.gamma * r) / base;
      else if (seasonalType === 'A') seasonal[slot] = s + params.gamma * r;
    }
  }
  return paths;
}
