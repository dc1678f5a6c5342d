// Nonlinear least squares for the ARIMA conditional sum of squares: Levenberg-Marquardt with a
// forward-difference Jacobian. It converges in far fewer residual evaluations than Nelder-Mead
// because the objective is a sum of squares.
import { solveLinear } from './linear-solve';

export interface LeastSquaresFit {
  readonly x: number[];
  readonly sse: number;
}

export interface LevenbergMarquardtOptions {
  readonly maxIterations?: number;
  readonly tolerance?: number;
}

/**
 * Minimises sum(residuals(x)^2). `residuals` fills `out` (fixed length) and returns the sum of
 * squares, or a non-finite value when x is inadmissible.
 */
export function levenbergMarquardt(
  residuals: (x: readonly number[], out: Float64Array) => number,
  start: readonly number[],
  length: number,
  options: LevenbergMarquardtOptions = {},
): LeastSquaresFit {
  const k = start.length;
  const maxIterations = options.maxIterations ?? 60;
  const tolerance = options.tolerance ?? 1e-9;
  let x = start.slice();
  const r = new Float64Array(length);
  let sse = residuals(x, r);
  if (!Number.isFinite(sse) || k === 0) return { x, sse };
  const shifted = new Float64Array(length);
  const jacobian = Array.from({ length: k }, () => new Float64Array(length));
  let lambda = 1e-3;
  for (let iteration = 0; iteration < maxIterations; iteration++) {
    for (let i = 0; i < k; i++) {
      const h = 1e-6 * Math.max(1, Math.abs(x[i]));
      const probe = x.slice();
      probe[i] += h;
      const probeSse = residuals(probe, shifted);
      const column = jacobian[i];
      if (!Number.isFinite(probeSse)) {
        column.fill(0);
        continue;
      }
      for (let t = 0; t < length; t++) column[t] = (shifted[t] - r[t]) / h;
    }
    const jtj = Array.from({ length: k }, () => new Array<number>(k).fill(0));
    const jtr = new Array<number>(k).fill(0);
    for (let i = 0; i < k; i++) {
      const ci = jacobian[i];
      let g = 0;
      for (let t = 0; t < length; t++) g += ci[t] * r[t];
      jtr[i] = -g;
      for (let j = i; j < k; j++) {
        const cj = jacobian[j];
        let total = 0;
        for (let t = 0; t < length; t++) total += ci[t] * cj[t];
        jtj[i][j] = total;
        jtj[j][i] = total;
      }
    }
    let improved = false;
    for (let attempt = 0; attempt < 10; attempt++) {
      const damped = jtj.map((row, i) =>
        row.map((value, j) => (i === j ? value + lambda * (value + 1e-12) : value)),
      );
      const step = solveLinear(damped, jtr);
      if (step === undefined) {
        lambda *= 10;
        continue;
      }
      const candidate = x.map((value, i) => value + step[i]);
      const candidateSse = residuals(candidate, shifted);
      if (Number.isFinite(candidateSse) && candidateSse < sse) {
        const gain = (sse - candidateSse) / Math.max(sse, 1e-300);
        x = candidate;
        sse = candidateSse;
        r.set(shifted);
        lambda = Math.max(lambda / 10, 1e-12);
        improved = true;
        if (gain < tolerance) return { x, sse };
        break;
      }
      lambda *= 10;
    }
    if (!improved) break;
  }
  return { x, sse };
}
