// Exponential smoothing weights that stay meaningful when points arrive irregularly.

/** Weight of a step spanning `steps` nominal intervals: a gap weighs like the steps it skips. */
export function alphaForSteps(alpha: number, steps: number): number {
  return steps === 1 ? alpha : 1 - Math.pow(1 - alpha, steps);
}

/**
 * Weight of the `count`-th observation (1-based): the first estimates are plain averages, so a
 * slow smoother is not stuck near its very first input while it warms up.
 */
export function warmAlpha(alpha: number, count: number): number {
  return Math.max(alpha, 1 / Math.max(1, count));
}

export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
