// Derivative-free minimisation for smoothing and ARMA parameters: the objectives are cheap,
// low-dimensional, and return Infinity outside the admissible region, which Nelder-Mead tolerates.

export interface NelderMeadOptions {
  /** Initial simplex edge per coordinate (a scalar applies to all). */
  readonly step?: number | readonly number[];
  readonly maxEvaluations?: number;
  /** Stop when the simplex's best and worst values differ by less than this (relative). */
  readonly tolerance?: number;
}

export interface Minimum {
  readonly x: number[];
  readonly value: number;
  readonly evaluations: number;
}

const REFLECT = 1;
const EXPAND = 2;
const CONTRACT = 0.5;
const SHRINK = 0.5;

/** Minimises `objective` from `start`; a non-finite value counts as worse than any finite one. */
export function nelderMead(
  objective: (x: readonly number[]) => number,
  start: readonly number[],
  options: NelderMeadOptions = {},
): Minimum {
  const dim = start.length;
  const maxEvaluations = options.maxEvaluations ?? 200 * Math.max(1, dim);
  const tolerance = options.tolerance ?? 1e-8;
  let evaluations = 0;
  const evaluate = (x: readonly number[]): number => {
    evaluations++;
    const value = objective(x);
    return Number.isFinite(value) ? value : Number.POSITIVE_INFINITY;
  };
  if (dim === 0) return { x: [], value: evaluate([]), evaluations };

  const stepOf = (i: number): number => {
    const { step } = options;
    if (typeof step === 'number') return step;
    if (step !== undefined && i < step.length) return step[i];
    return Math.abs(start[i]) > 1e-8 ? 0.1 * Math.abs(start[i]) : 0.05;
  };
  const points: number[][] = [start.slice()];
  for (let i = 0; i < dim; i++) {
    const vertex = start.slice();
    vertex[i] += stepOf(i);
    points.push(vertex);
  }
  const values = points.map(evaluate);
  const order = points.map((_, i) => i);
  const along = (from: readonly number[], to: readonly number[], t: number): number[] =>
    from.map((value, i) => value + t * (to[i] - value));

  while (evaluations < maxEvaluations) {
    order.sort((a, b) => values[a] - values[b]);
    const best = order[0];
    const worst = order[dim];
    const fBest = values[best];
    const fWorst = values[worst];
    const spread = Math.abs(fWorst - fBest);
    if (spread <= tolerance * (Math.abs(fBest) + Math.abs(fWorst) + 1e-12)) break;

    const centroid = new Array<number>(dim).fill(0);
    for (let k = 0; k < dim; k++) {
      const point = points[order[k]];
      for (let i = 0; i < dim; i++) centroid[i] += point[i] / dim;
    }
    const reflected = along(centroid, points[worst], -REFLECT);
    const fReflected = evaluate(reflected);
    if (fReflected < fBest) {
      const expanded = along(centroid, points[worst], -EXPAND);
      const fExpanded = evaluate(expanded);
      const useExpanded = fExpanded < fReflected;
      points[worst] = useExpanded ? expanded : reflected;
      values[worst] = useExpanded ? fExpanded : fReflected;
      continue;
    }
    if (fReflected < values[order[dim - 1]]) {
      points[worst] = reflected;
      values[worst] = fReflected;
      continue;
    }
    const outside = fReflected < fWorst;
    const contracted = along(centroid, outside ? reflected : points[worst], CONTRACT);
    const fContracted = evaluate(contracted);
    if (fContracted < (outside ? fReflected : fWorst)) {
      points[worst] = contracted;
      values[worst] = fContracted;
      continue;
    }
    for (const index of order.slice(1)) {
      points[index] = along(points[best], points[index], SHRINK);
      values[index] = evaluate(points[index]);
    }
  }
  let bestIndex = 0;
  for (let i = 1; i <= dim; i++) if (values[i] < values[bestIndex]) bestIndex = i;
  return { x: points[bestIndex], value: values[bestIndex], evaluations };
}
