// One pass of the ETS recursions over the data. Written as a single loop over typed arrays
// because the optimiser calls it hundreds of times per model.
//
// The additive and multiplicative error forms share their state updates when these are written
// with the additive one-step error r = y - yhat (Hyndman et al. 2008, ch. 2); only the likelihood
// differs, so one filter serves both.
import { EtsSpec, EtsState, SmoothingParameters } from './ets-spec';

// Module-level aliases: a global lookup per step is 25x slower inside jest's vm sandbox, which
// made the specs crawl (plain Node does not care).
const { log } = Math;
const { isFinite } = Number;

export interface FilterResult {
  /** Sum of squared additive one-step errors. */
  readonly sse: number;
  /** Sum of squared relative one-step errors r / yhat (the multiplicative-error scale). */
  readonly sseRelative: number;
  /** Sum of log |yhat|, the Jacobian term of the multiplicative-error likelihood. */
  readonly sumLogForecast: number;
  /** False when a forecast or a divisor left the admissible region (non-positive, non-finite). */
  readonly admissible: boolean;
  readonly final: EtsState;
}

export function runFilter(
  y: Float64Array,
  spec: EtsSpec,
  params: SmoothingParameters,
  initial: EtsState,
  fitted?: Float64Array,
): FilterResult {
  const { alpha, beta, gamma, phi } = params;
  const hasTrend = spec.trend !== 'N';
  const damp = spec.trend === 'Ad' ? phi : 1;
  const seasonType = spec.m >= 2 ? spec.season : 'N';
  const m = Math.max(1, spec.m);
  const needPositive = spec.error === 'M' || seasonType === 'M';
  const seasonal = Float64Array.from(initial.seasonal.length > 0 ? initial.seasonal : [0]);
  let level = initial.level;
  let trend = hasTrend ? initial.trend : 0;
  let sse = 0;
  let sseRelative = 0;
  let sumLogForecast = 0;
  let admissible = true;
  for (let t = 0; t < y.length; t++) {
    const slot = seasonType === 'N' ? 0 : t % m;
    const s = seasonal[slot];
    const dampedTrend = damp * trend;
    const base = level + dampedTrend;
    const forecast = seasonType === 'M' ? base * s : seasonType === 'A' ? base + s : base;
    if (!isFinite(forecast) || (needPositive && !(forecast > 0 && base > 0))) {
      admissible = false;
      break;
    }
    if (fitted !== undefined) fitted[t] = forecast;
    const r = y[t] - forecast;
    sse += r * r;
    if (spec.error === 'M') {
      const relative = r / forecast;
      sseRelative += relative * relative;
      sumLogForecast += log(forecast);
    }
    const scaled = seasonType === 'M' ? r / s : r;
    level = base + alpha * scaled;
    if (hasTrend) trend = dampedTrend + beta * scaled;
    if (seasonType === 'M') seasonal[slot] = s + (gamma * r) / base;
    else if (seasonType === 'A') seasonal[slot] = s + gamma * r;
  }
  return {
    sse,
    sseRelative,
    sumLogForecast,
    admissible,
    final: { level, trend, seasonal: seasonType === 'N' ? new Float64Array(0) : seasonal },
  };
}
