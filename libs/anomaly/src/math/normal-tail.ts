// Tail probabilities of the standard normal distribution, in log10 so that the far tail
// (z of 10 and more, p far below 1e-20) neither underflows nor saturates.

const LN10 = Math.log(10);
const HALF_LN_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * erfc(x) for x >= 0 by the Chebyshev fit of Numerical Recipes (fractional error < 1.2e-7),
 * accurate enough for scores, and cheap.
 */
function erfcNonNegative(x: number): number {
  const t = 1 / (1 + 0.5 * x);
  const poly =
    -x * x -
    1.26551223 +
    t *
      (1.00002368 +
        t *
          (0.37409196 +
            t *
              (0.09678418 +
                t *
                  (-0.18628806 +
                    t *
                      (0.27886807 +
                        t *
                          (-1.13520398 +
                            t * (1.48851587 + t * (-0.82215223 + t * 0.17087277))))))));
  return t * Math.exp(poly);
}

/** Natural log of Q(z) = P(Z > z) for a standard normal Z. */
export function logUpperTail(z: number): number {
  if (Number.isNaN(z)) return 0;
  if (z < 6) {
    if (z < 0) return Math.log(1 - 0.5 * erfcNonNegative(-z / Math.SQRT2));
    return Math.log(0.5 * erfcNonNegative(z / Math.SQRT2));
  }
  // Asymptotic (Mills ratio) series: exact to ~1e-6 relative from z = 6 on.
  const inv2 = 1 / (z * z);
  return -0.5 * z * z - Math.log(z) - HALF_LN_2PI + Math.log(1 - inv2 + 3 * inv2 * inv2);
}

/** -log10 P(Z > z): how surprising an upper-tail value is, in decades of probability. */
export function upperTailSurprise(z: number): number {
  return Math.max(0, -logUpperTail(z) / LN10);
}

/** -log10 P(|Z| > |z|): the two-sided version. */
export function twoSidedSurprise(z: number): number {
  return Math.max(0, -(Math.LN2 + logUpperTail(Math.abs(z))) / LN10);
}

/**
 * Decades of surprise that make a score of 0.5; each further such step halves the rest. 2.5
 * decades after calibration and the multiple-test discount is about a one-in-3000 reading;
 * NAB's optimised alert thresholds land near it, so 0.5 is a sensible default alert level.
 */
const HALF_SCORE_SURPRISE = 2.5;

/**
 * Anomaly score in [0, 1) from a surprise: 0 for none, 0.5 at 2.5 decades, 0.75 at 5, 0.94 at 10.
 * It never saturates, so the rarest events still rank above merely rare ones.
 */
export function surpriseToScore(surprise: number): number {
  return surprise > 0 ? 1 - Math.pow(2, -surprise / HALF_SCORE_SURPRISE) : 0;
}

/**
 * -log10 P(|T| > |t|) for Student's t with 4 degrees of freedom, whose tail falls like t^-4:
 * the reading for deviations of real series, where a 10-sigma move is rare but not impossible.
 * Closed form: with u = 1 - t / sqrt(4 + t^2), the upper tail is u^2 (3 - u) / 4.
 */
export function heavyTailSurprise(t: number): number {
  const a = Math.abs(t);
  if (Number.isNaN(a)) return 0;
  if (!Number.isFinite(a)) return 400;
  const root = Math.sqrt(4 + a * a);
  const u = 4 / (root * (root + a));
  const twoSided = (u * u * (3 - u)) / 2;
  return Math.max(0, -Math.log10(twoSided));
}
