// Turns a model's uncertainty (a standard deviation per step, or simulated sample paths) into
// central prediction intervals.
import { PredictionInterval } from '../forecast-types';
import { intervalMultiplier } from '../numeric/normal-quantile';

/** Intervals point +- z * sd, assuming Gaussian forecast errors. */
export function normalIntervals(
  point: readonly number[],
  sd: readonly number[],
  levels: readonly number[],
): Map<number, PredictionInterval> {
  const intervals = new Map<number, PredictionInterval>();
  for (const level of levels) {
    const z = intervalMultiplier(level);
    intervals.set(level, {
      lo: point.map((value, h) => value - z * safeSd(sd[h])),
      hi: point.map((value, h) => value + z * safeSd(sd[h])),
    });
  }
  return intervals;
}

/** Empirical quantiles of simulated futures: paths[h] holds every path's value at step h. */
export function sampleIntervals(
  paths: readonly Float64Array[],
  levels: readonly number[],
): Map<number, PredictionInterval> {
  const sorted = paths.map((values) => Float64Array.from(values).sort());
  const at = (values: Float64Array, p: number): number => {
    const position = (values.length - 1) * p;
    const below = Math.floor(position);
    const above = Math.min(values.length - 1, below + 1);
    return values[below] + (position - below) * (values[above] - values[below]);
  };
  const intervals = new Map<number, PredictionInterval>();
  for (const level of levels) {
    const tail = (1 - level / 100) / 2;
    intervals.set(level, {
      lo: sorted.map((values) => at(values, tail)),
      hi: sorted.map((values) => at(values, 1 - tail)),
    });
  }
  return intervals;
}

function safeSd(sd: number): number {
  return Number.isFinite(sd) && sd > 0 ? sd : 0;
}
