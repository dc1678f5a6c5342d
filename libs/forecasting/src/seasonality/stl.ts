// Seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae and Terpenning, 1990),
// following the reference implementation's inner and outer loops, so that spans and jumps mean
// what they mean in R's stl(). Used for multiple seasonalities, seasonal strength, gap filling and
// outlier detection.

export interface StlOptions {
  /** Seasonal smoother span (odd, >= 7 recommended); 'periodic' makes the seasonal fixed. */
  readonly seasonalWindow: number | 'periodic';
  readonly trendWindow?: number;
  readonly lowPassWindow?: number;
  readonly seasonalDegree?: 0 | 1;
  readonly trendDegree?: 0 | 1;
  /** Downweight outliers through bisquare robustness weights (the outer loop). */
  readonly robust?: boolean;
  /** Outer iterations when robust; R's stl uses 15, a few already settle the weights. */
  readonly robustIterations?: number;
}

export interface StlDecomposition {
  readonly seasonal: Float64Array;
  readonly trend: Float64Array;
  readonly remainder: Float64Array;
  /** Robustness weights (all 1 when not robust). */
  readonly weights: Float64Array;
}

const nextOdd = (value: number): number => {
  const rounded = Math.round(value);
  return rounded % 2 === 0 ? rounded + 1 : rounded;
};

/** Needs at least two full periods; the caller checks. */
export function stl(y: ArrayLike<number>, period: number, options: StlOptions): StlDecomposition {
  const n = y.length;
  const periodic = options.seasonalWindow === 'periodic';
  const ns = Math.max(3, nextOdd(periodic ? 10 * n + 1 : (options.seasonalWindow as number)));
  const seasonalDegree = periodic ? 0 : (options.seasonalDegree ?? 0);
  const trendDegree = options.trendDegree ?? 1;
  const nt = Math.max(
    3,
    nextOdd(options.trendWindow ?? Math.ceil((1.5 * period) / (1 - 1.5 / ns))),
  );
  const nl = Math.max(3, nextOdd(options.lowPassWindow ?? period));
  const np = Math.max(2, period);
  const robust = options.robust ?? false;
  const inner = robust ? 1 : 2;
  const outer = robust ? (options.robustIterations ?? 15) : 0;
  const jumps = {
    seasonal: Math.ceil(ns / 10),
    trend: Math.ceil(nt / 10),
    lowPass: Math.ceil(nl / 10),
  };

  const values = Float64Array.from(y);
  const trend = new Float64Array(n);
  const seasonal = new Float64Array(n);
  const weights = new Float64Array(n).fill(1);
  let useWeights = false;
  for (let iteration = 0; ; iteration++) {
    innerLoop(
      values,
      np,
      ns,
      nt,
      nl,
      seasonalDegree,
      trendDegree,
      trendDegree,
      jumps,
      inner,
      useWeights,
      weights,
      seasonal,
      trend,
    );
    if (iteration >= outer) break;
    robustnessWeights(values, seasonal, trend, weights);
    useWeights = true;
  }
  if (!useWeights) weights.fill(1);
  if (periodic) averageByCyclePosition(seasonal, np);
  const remainder = new Float64Array(n);
  for (let i = 0; i < n; i++) remainder[i] = values[i] - seasonal[i] - trend[i];
  return { seasonal, trend, remainder, weights };
}

interface Jumps {
  readonly seasonal: number;
  readonly trend: number;
  readonly lowPass: number;
}

function innerLoop(
  y: Float64Array,
  np: number,
  ns: number,
  nt: number,
  nl: number,
  seasonalDegree: number,
  trendDegree: number,
  lowPassDegree: number,
  jumps: Jumps,
  iterations: number,
  useWeights: boolean,
  weights: Float64Array,
  seasonal: Float64Array,
  trend: Float64Array,
): void {
  const n = y.length;
  const detrended = new Float64Array(n);
  const cycle = new Float64Array(n + 2 * np);
  const lowPass = new Float64Array(n);
  const adjusted = new Float64Array(n);
  for (let iteration = 0; iteration < iterations; iteration++) {
    for (let i = 0; i < n; i++) detrended[i] = y[i] - trend[i];
    smoothCycleSubseries(
      detrended,
      np,
      ns,
      seasonalDegree,
      jumps.seasonal,
      useWeights,
      weights,
      cycle,
    );
    const filtered = movingAverage(movingAverage(movingAverage(cycle, np), np), 3);
    loess(filtered, nl, lowPassDegree, jumps.lowPass, false, weights, lowPass);
    for (let i = 0; i < n; i++) {
      seasonal[i] = cycle[np + i] - lowPass[i];
      adjusted[i] = y[i] - seasonal[i];
    }
    loess(adjusted, nt, trendDegree, jumps.trend, useWeights, weights, trend);
  }
}

/** Smooths each cycle-subseries and extends it by one point at each end (length n + 2 np). */
function smoothCycleSubseries(
  y: Float64Array,
  np: number,
  ns: number,
  degree: number,
  jump: number,
  useWeights: boolean,
  weights: Float64Array,
  out: Float64Array,
): void {
  const n = y.length;
  for (let j = 0; j < np; j++) {
    const k = Math.floor((n - 1 - j) / np) + 1;
    const sub = new Float64Array(k);
    const subWeights = new Float64Array(k);
    for (let i = 0; i < k; i++) {
      sub[i] = y[i * np + j];
      subWeights[i] = weights[i * np + j];
    }
    const smoothed = new Float64Array(k);
    loess(sub, ns, degree, jump, useWeights, subWeights, smoothed);
    const before = estimateAt(sub, ns, degree, -1, 0, Math.min(ns, k) - 1, useWeights, subWeights);
    const after = estimateAt(
      sub,
      ns,
      degree,
      k,
      Math.max(0, k - ns),
      k - 1,
      useWeights,
      subWeights,
    );
    out[j] = before ?? smoothed[0];
    for (let i = 0; i < k; i++) out[(i + 1) * np + j] = smoothed[i];
    out[(k + 1) * np + j] = after ?? smoothed[k - 1];
  }
}

/** Loess fit at every point (at every `jump`-th point, linearly interpolated between). */
function loess(
  y: Float64Array,
  span: number,
  degree: number,
  jump: number,
  useWeights: boolean,
  weights: Float64Array,
  out: Float64Array,
): void {
  const n = y.length;
  if (n < 2) {
    out[0] = y[0];
    return;
  }
  const step = Math.min(jump, n - 1);
  const half = Math.floor((span + 1) / 2);
  let left = 0;
  let right = Math.min(span, n) - 1;
  const fitAt = (i: number): void => {
    if (span >= n) {
      left = 0;
      right = n - 1;
    } else if (i < half - 1) {
      left = 0;
      right = span - 1;
    } else if (i >= n - half) {
      left = n - span;
      right = n - 1;
    } else {
      left = i - half + 1;
      right = i - half + span;
    }
    out[i] = estimateAt(y, span, degree, i, left, right, useWeights, weights) ?? y[i];
  };
  for (let i = 0; i < n; i += step) fitAt(i);
  if (step === 1) return;
  let last = 0;
  for (let i = 0; i + step < n; i += step) {
    const delta = (out[i + step] - out[i]) / step;
    for (let j = i + 1; j < i + step; j++) out[j] = out[i] + delta * (j - i);
    last = i + step;
  }
  if (last !== n - 1) {
    fitAt(n - 1);
    const delta = (out[n - 1] - out[last]) / (n - 1 - last);
    for (let j = last + 1; j < n - 1; j++) out[j] = out[last] + delta * (j - last);
  }
}

// A module-level alias: global lookups in the hot loop are slow inside jest's vm sandbox.
const { abs } = Math;

// Reused by every local fit: allocating a weight array per fitted point dominated STL's cost.
let scratch = new Float64Array(64);

/** The local (degree 0 or 1) tricube-weighted fit at position x over y[left..right]. */
function estimateAt(
  y: Float64Array,
  span: number,
  degree: number,
  x: number,
  left: number,
  right: number,
  useWeights: boolean,
  weights: Float64Array,
): number | undefined {
  const n = y.length;
  let h = Math.max(x - left, right - x);
  if (span > n) h += Math.floor((span - n) / 2);
  const upper = 0.999 * h;
  const lower = 0.001 * h;
  const width = right - left + 1;
  if (scratch.length < width) scratch = new Float64Array(2 * width);
  const local = scratch;
  let total = 0;
  for (let j = left; j <= right; j++) {
    const r = abs(j - x);
    let w = 0;
    if (r <= upper) {
      if (r <= lower) w = 1;
      else {
        const u = r / h;
        const v = 1 - u * u * u;
        w = v * v * v;
      }
      if (useWeights) w *= weights[j];
    }
    local[j - left] = w;
    total += w;
  }
  if (total <= 0) return undefined;
  for (let j = 0; j < width; j++) local[j] /= total;
  if (h > 0 && degree > 0) {
    let centre = 0;
    for (let j = left; j <= right; j++) centre += local[j - left] * j;
    let spread = 0;
    for (let j = left; j <= right; j++) spread += local[j - left] * (j - centre) ** 2;
    if (Math.sqrt(spread) > 0.001 * (n - 1)) {
      const slope = (x - centre) / spread;
      for (let j = left; j <= right; j++) local[j - left] *= slope * (j - centre) + 1;
    }
  }
  let estimate = 0;
  for (let j = left; j <= right; j++) estimate += local[j - left] * y[j];
  return estimate;
}

function movingAverage(x: Float64Array, length: number): Float64Array {
  const out = new Float64Array(x.length - length + 1);
  let total = 0;
  for (let i = 0; i < length; i++) total += x[i];
  out[0] = total / length;
  for (let i = 1; i < out.length; i++) {
    total += x[i + length - 1] - x[i - 1];
    out[i] = total / length;
  }
  return out;
}

/** Bisquare weights of the remainder scaled by six median absolute remainders. */
function robustnessWeights(
  y: Float64Array,
  seasonal: Float64Array,
  trend: Float64Array,
  weights: Float64Array,
): void {
  const n = y.length;
  const absolute = new Float64Array(n);
  for (let i = 0; i < n; i++) absolute[i] = Math.abs(y[i] - seasonal[i] - trend[i]);
  const sorted = Float64Array.from(absolute).sort();
  const mid = Math.floor(n / 2);
  const med = n % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  const scale = 6 * med;
  for (let i = 0; i < n; i++) {
    const u = scale > 0 ? absolute[i] / scale : 0;
    weights[i] = u <= 0.001 ? 1 : u > 0.999 ? 0 : (1 - u * u) ** 2;
  }
}

function averageByCyclePosition(seasonal: Float64Array, period: number): void {
  const sums = new Float64Array(period);
  const counts = new Float64Array(period);
  for (let i = 0; i < seasonal.length; i++) {
    sums[i % period] += seasonal[i];
    counts[i % period]++;
  }
  for (let i = 0; i < seasonal.length; i++) seasonal[i] = sums[i % period] / counts[i % period];
}
