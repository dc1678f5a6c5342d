// Fits one ETS model by maximum likelihood: initial states from a heuristic (classical
// decomposition of the first cycles, a line through the first adjusted points), then smoothing
// parameters, initial level and trend by Nelder-Mead inside the usual bounds.
import { linearTrend, mean } from '../../numeric/descriptive';
import { nelderMead } from '../../numeric/nelder-mead';
import { classicalDecomposition } from '../../seasonality/classical-decomposition';
import { runFilter } from './ets-filter';
import { EtsSpec, EtsState, SmoothingParameters, isSeasonal } from './ets-spec';

export interface FittedEts {
  readonly spec: EtsSpec;
  readonly params: SmoothingParameters;
  /** State after the last observation, on the data's own scale. */
  readonly final: EtsState;
  /** Variance of the one-step errors (relative errors for multiplicative error models). */
  readonly sigma2: number;
  /** -2 log-likelihood up to a constant shared by all ETS models on the same data. */
  readonly minus2LogLik: number;
  readonly parameterCount: number;
  readonly aicc: number;
  readonly n: number;
}

const LOWER = 1e-4;
const UPPER = 0.9999;
const PHI_LOWER = 0.8;
const PHI_UPPER = 0.98;
const MAX_EVALUATIONS = 1500;

/** Whether the data can support the model at all (positivity, enough points per parameter). */
export function canFit(y: Float64Array, spec: EtsSpec): boolean {
  const multiplicative = spec.error === 'M' || spec.season === 'M';
  if (multiplicative && !y.every((value) => value > 0)) return false;
  if (isSeasonal(spec) && y.length < 2 * spec.m + 2) return false;
  return y.length > parameterCount(spec) + 1;
}

export function parameterCount(spec: EtsSpec): number {
  const trend = spec.trend === 'N' ? 0 : spec.trend === 'A' ? 2 : 3;
  const season = isSeasonal(spec) ? spec.m : 0;
  // alpha, level, sigma + trend (beta, b0, phi) + season (gamma and m - 1 free initial states).
  return 3 + trend + season;
}

export function fitEts(y: Float64Array, spec: EtsSpec): FittedEts | undefined {
  if (!canFit(y, spec)) return undefined;
  const n = y.length;
  // Fit on a unit scale so that states and smoothing parameters share one step size.
  const scale = mean(y.map(Math.abs)) || 1;
  const scaled = y.map((value) => value / scale);
  const initial = initialStates(scaled, spec);
  const hasTrend = spec.trend !== 'N';
  const damped = spec.trend === 'Ad';
  const seasonal = isSeasonal(spec);

  const decode = (x: readonly number[]): { params: SmoothingParameters; state: EtsState } => {
    let i = 0;
    const alpha = x[i++];
    const beta = hasTrend ? x[i++] : 0;
    const gamma = seasonal ? x[i++] : 0;
    const phi = damped ? x[i++] : 1;
    const level = x[i++];
    const trend = hasTrend ? x[i++] : 0;
    return {
      params: { alpha, beta, gamma, phi },
      state: { level, trend, seasonal: initial.seasonal },
    };
  };
  const inBounds = ({ alpha, beta, gamma, phi }: SmoothingParameters): boolean =>
    alpha >= LOWER &&
    alpha <= UPPER &&
    (!hasTrend || (beta >= LOWER && beta <= alpha)) &&
    (!seasonal || (gamma >= LOWER && gamma <= 1 - alpha)) &&
    (!damped || (phi >= PHI_LOWER && phi <= PHI_UPPER));
  const objective = (x: readonly number[]): number => {
    const { params, state } = decode(x);
    if (!inBounds(params)) return Number.POSITIVE_INFINITY;
    return likelihoodTerm(scaled, spec, params, state);
  };

  const alpha0 = seasonal ? 0.1 : 0.3;
  const start: number[] = [];
  const steps: number[] = [];
  const add = (value: number, step: number): void => {
    start.push(value);
    steps.push(step);
  };
  add(alpha0, 0.05);
  if (hasTrend) add(0.1 * alpha0, 0.01);
  if (seasonal) add(0.05 * (1 - alpha0), 0.02);
  if (damped) add(0.95, 0.01);
  add(initial.level, 0.05);
  if (hasTrend) add(initial.trend, 0.01);

  let best = nelderMead(objective, start, { step: steps, maxEvaluations: MAX_EVALUATIONS });
  // One restart from the optimum: Nelder-Mead's simplex often collapses early on long valleys.
  const restarted = nelderMead(objective, best.x, {
    step: steps.map((step) => step / 2),
    maxEvaluations: MAX_EVALUATIONS / 2,
  });
  if (restarted.value < best.value) best = restarted;
  if (!Number.isFinite(best.value)) return undefined;

  const { params, state } = decode(best.x);
  const run = runFilter(scaled, spec, params, state);
  const k = parameterCount(spec);
  const errorSum = spec.error === 'M' ? run.sseRelative : run.sse;
  // Back on the data's scale: additive errors scale by `scale`, relative ones do not, and the
  // Jacobian term absorbs the difference, so both error types stay comparable.
  const minus2LogLik = best.value + 2 * n * Math.log(scale);
  const sigma2Unit = errorSum / Math.max(1, n - k);
  const sigma2 = spec.error === 'M' ? sigma2Unit : sigma2Unit * scale * scale;
  const final: EtsState = {
    level: run.final.level * scale,
    trend: run.final.trend * scale,
    seasonal: spec.season === 'A' ? run.final.seasonal.map((s) => s * scale) : run.final.seasonal,
  };
  return {
    spec,
    params,
    final,
    sigma2,
    minus2LogLik,
    parameterCount: k,
    aicc: minus2LogLik + 2 * k + (2 * k * (k + 1)) / Math.max(1, n - k - 1),
    n,
  };
}

/** n log(SSE / n) (+ 2 sum log |yhat| for multiplicative errors): -2 log L up to a constant. */
function likelihoodTerm(
  y: Float64Array,
  spec: EtsSpec,
  params: SmoothingParameters,
  state: EtsState,
): number {
  const run = runFilter(y, spec, params, state);
  if (!run.admissible) return Number.POSITIVE_INFINITY;
  const n = y.length;
  // A floor keeps a perfect fit (a pure seasonal series) finite instead of -Infinity.
  const floor = 1e-20;
  if (spec.error === 'M') {
    return n * Math.log(Math.max(run.sseRelative / n, floor)) + 2 * run.sumLogForecast;
  }
  return n * Math.log(Math.max(run.sse / n, floor));
}

interface InitialStates {
  readonly level: number;
  readonly trend: number;
  readonly seasonal: Float64Array;
}

/** Hyndman et al.'s heuristic: decompose the first cycles, fit a line to the first points. */
function initialStates(y: Float64Array, spec: EtsSpec): InitialStates {
  const n = y.length;
  const m = spec.m;
  let seasonal = new Float64Array(0);
  let adjusted: Float64Array = y;
  if (isSeasonal(spec)) {
    const window = y.subarray(0, Math.min(n, n >= 3 * m ? 3 * m : 2 * m));
    const type = spec.season === 'M' ? 'multiplicative' : 'additive';
    const { figure } = classicalDecomposition(window, m, type);
    seasonal = Float64Array.from(figure);
    adjusted = y.map((value, t) =>
      spec.season === 'M' ? value / seasonal[t % m] : value - seasonal[t % m],
    );
  }
  const firstPoints = adjusted.subarray(0, Math.min(n, Math.max(10, 2 * spec.m)));
  if (spec.trend === 'N') return { level: mean(firstPoints), trend: 0, seasonal };
  const { intercept, slope } = linearTrend(firstPoints);
  // The states are those before the first observation, one step before the line's intercept.
  return { level: intercept - slope, trend: slope, seasonal };
}
