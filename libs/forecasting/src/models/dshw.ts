// Double (multiple) seasonal Holt-Winters (Taylor 2003): a level, one additive seasonal component
// per period (a day and a week on hourly data), and an AR(1) correction of the one-step error,
// which Taylor found to matter as much as the second season. With one period it is additive
// Holt-Winters without trend plus the AR(1) term; trends over a forecast of a few cycles are left
// to the other models.
import { nelderMead } from '../numeric/nelder-mead';
import { seededRandom } from '../numeric/seeded-random';
import { mstl } from '../seasonality/mstl';
import { sampleIntervals } from './intervals';
import { ForecastModel, ModelForecast, ModelInput } from './model';
import { naive } from './naive';

const SIMULATED_PATHS = 1000;
const SIMULATION_SEED = 7_2003;
const PHI_UPPER = 0.99;

interface DshwState {
  level: number;
  seasonals: Float64Array[];
  lastError: number;
}

interface DshwFit {
  readonly periods: number[];
  readonly alpha: number;
  readonly gammas: number[];
  readonly phi: number;
  readonly sigma: number;
  readonly final: DshwState;
}

/** Initial level and seasonal states from a decomposition of the first three longest cycles. */
function initialState(y: Float64Array, periods: number[]): DshwState {
  const longest = periods[periods.length - 1] ?? 1;
  const window = y.subarray(0, Math.min(y.length, 3 * longest));
  const decomposition = mstl(window, periods);
  return {
    level: decomposition.trend[0],
    seasonals: periods.map((period) => {
      const index = decomposition.periods.indexOf(period);
      const component = decomposition.seasonals[index];
      return Float64Array.from({ length: period }, (_, j) => (component ? component[j] : 0));
    }),
    lastError: 0,
  };
}

function cloneState(state: DshwState): DshwState {
  return {
    level: state.level,
    seasonals: state.seasonals.map((seasonal) => Float64Array.from(seasonal)),
    lastError: state.lastError,
  };
}

/**
 * Runs the recursions from `state` (mutated) over y; returns the sum of squared AR-corrected
 * one-step errors.
 */
function filter(
  y: Float64Array,
  periods: readonly number[],
  alpha: number,
  gammas: readonly number[],
  phi: number,
  state: DshwState,
): number {
  const count = periods.length;
  let sse = 0;
  for (let t = 0; t < y.length; t++) {
    let seasonalSum = 0;
    for (let i = 0; i < count; i++) seasonalSum += state.seasonals[i][t % periods[i]];
    const error = y[t] - state.level - seasonalSum;
    const corrected = error - phi * state.lastError;
    sse += corrected * corrected;
    state.level += alpha * error;
    for (let i = 0; i < count; i++) {
      const seasonal = state.seasonals[i];
      const slot = t % periods[i];
      // Each component is updated on what the level and the other components leave over.
      seasonal[slot] += gammas[i] * (y[t] - state.level - seasonalSum);
    }
    state.lastError = error;
  }
  return sse;
}

function fitDshw(y: Float64Array, periods: number[]): DshwFit | undefined {
  const initial = initialState(y, periods);
  const count = periods.length;
  const decode = (x: readonly number[]) => ({
    alpha: x[0],
    gammas: x.slice(1, 1 + count),
    phi: x[1 + count],
  });
  const objective = (x: readonly number[]): number => {
    const { alpha, gammas, phi } = decode(x);
    if (!(alpha >= 0 && alpha <= 1 && phi >= 0 && phi <= PHI_UPPER)) return Infinity;
    if (gammas.some((gamma) => !(gamma >= 0 && gamma <= 1))) return Infinity;
    return filter(y, periods, alpha, gammas, phi, cloneState(initial));
  };
  const start = [0.1, ...periods.map(() => 0.05), 0.5];
  let best = nelderMead(objective, start, { step: 0.05, maxEvaluations: 800 });
  const again = nelderMead(objective, best.x, { step: 0.02, maxEvaluations: 400 });
  if (again.value < best.value) best = again;
  if (!Number.isFinite(best.value)) return undefined;
  const { alpha, gammas, phi } = decode(best.x);
  const final = cloneState(initial);
  const sse = filter(y, periods, alpha, gammas, phi, final);
  const parameters = 2 + count;
  const sigma = Math.sqrt(sse / Math.max(1, y.length - parameters));
  return { periods, alpha, gammas, phi, sigma, final };
}

function pointForecast(fit: DshwFit, n: number, horizon: number): number[] {
  const { periods, final, phi } = fit;
  return Array.from({ length: horizon }, (_, h) => {
    let value = final.level + phi ** (h + 1) * final.lastError;
    periods.forEach((period, i) => (value += final.seasonals[i][(n + h) % period]));
    return value;
  });
}

function simulate(fit: DshwFit, n: number, horizon: number): Float64Array[] {
  const random = seededRandom(SIMULATION_SEED);
  const paths = Array.from({ length: horizon }, () => new Float64Array(SIMULATED_PATHS));
  for (let path = 0; path < SIMULATED_PATHS; path++) {
    const state = cloneState(fit.final);
    for (let h = 0; h < horizon; h++) {
      let seasonalSum = 0;
      fit.periods.forEach((period, i) => (seasonalSum += state.seasonals[i][(n + h) % period]));
      const expected = state.level + seasonalSum + fit.phi * state.lastError;
      const value = expected + fit.sigma * random.normal();
      paths[h][path] = value;
      const error = value - state.level - seasonalSum;
      state.level += fit.alpha * error;
      fit.periods.forEach((period, i) => {
        state.seasonals[i][(n + h) % period] += fit.gammas[i] * (value - state.level - seasonalSum);
      });
      state.lastError = error;
    }
  }
  return paths;
}

export const dshw: ForecastModel = (input: ModelInput): ModelForecast => {
  const { y, horizon, levels } = input;
  const periods = input.periods.filter((period) => y.length > 2 * period);
  const fit = y.length >= 4 ? fitDshw(y, periods) : undefined;
  if (fit === undefined) return { ...naive(input), description: 'DSHW fallback Naive' };
  const n = y.length;
  return {
    description: `DSHW(${periods.join(',') || 'no season'})`,
    point: pointForecast(fit, n, horizon),
    intervals: sampleIntervals(simulate(fit, n, horizon), levels),
  };
};
