/**
 * The chi-square distribution, for the sample-ratio-mismatch test. Written here rather than
 * pulled from a statistics package: it is two textbook functions (the log-gamma function and the
 * regularised incomplete gamma function) and the test only needs the upper tail.
 */

/** Lanczos approximation (g = 7, nine terms): about 15 significant digits for z > 0. */
const LANCZOS_G = 7;
const LANCZOS_COEFFICIENTS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

const EPSILON = 1e-15;
const MAX_ITERATIONS = 1000;
/** Smallest magnitude kept in the continued fraction, so a zero denominator never divides. */
const TINY = 1e-300;

/** ln Γ(z) for z > 0. */
export function logGamma(z: number): number {
  if (!(z > 0)) throw new RangeError(`logGamma needs z > 0, got ${z}`);
  if (z < 0.5) {
    // Reflection keeps the approximation in the region where it is accurate.
    return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  }
  const x = z - 1;
  let sum = LANCZOS_COEFFICIENTS[0] as number;
  for (let i = 1; i < LANCZOS_COEFFICIENTS.length; i += 1) {
    sum += (LANCZOS_COEFFICIENTS[i] as number) / (x + i);
  }
  const t = x + LANCZOS_G + 0.5;
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(sum);
}

/**
 * Q(a, x) = Γ(a, x) / Γ(a), the regularised upper incomplete gamma function, for a > 0, x >= 0.
 * Below x = a + 1 the power series of P converges fast (Q = 1 - P); above it the continued
 * fraction of Q does, and computing Q directly keeps tiny p-values accurate instead of
 * cancelling them to 0 in 1 - P.
 */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0)) throw new RangeError(`regularizedUpperGamma needs a > 0, got ${a}`);
  if (!(x >= 0)) throw new RangeError(`regularizedUpperGamma needs x >= 0, got ${x}`);
  if (x === 0) return 1;
  if (x === Infinity) return 0;
  const logPrefix = -x + a * Math.log(x) - logGamma(a);
  return x < a + 1
    ? 1 - lowerSeries(a, x) * Math.exp(logPrefix)
    : upperContinuedFraction(a, x) * Math.exp(logPrefix);
}

/** Σ x^n / (a (a+1) … (a+n)): P(a, x) without its e^-x x^a / Γ(a) factor. */
function lowerSeries(a: number, x: number): number {
  let term = 1 / a;
  let sum = term;
  for (let n = 1; n < MAX_ITERATIONS; n += 1) {
    term *= x / (a + n);
    sum += term;
    if (Math.abs(term) < Math.abs(sum) * EPSILON) return sum;
  }
  return sum;
}

/** Q(a, x) without its e^-x x^a / Γ(a) factor, by the modified Lentz method. */
function upperContinuedFraction(a: number, x: number): number {
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let fraction = d;
  for (let i = 1; i < MAX_ITERATIONS; i += 1) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    fraction *= delta;
    if (Math.abs(delta - 1) < EPSILON) return fraction;
  }
  return fraction;
}

/** P(X <= x) for X ~ chi-square with `degreesOfFreedom` (> 0). */
export function chiSquareCdf(x: number, degreesOfFreedom: number): number {
  return 1 - chiSquareSurvival(x, degreesOfFreedom);
}

/** P(X > x) for X ~ chi-square with `degreesOfFreedom` (> 0): the p-value of a statistic x. */
export function chiSquareSurvival(x: number, degreesOfFreedom: number): number {
  if (!(degreesOfFreedom > 0)) {
    throw new RangeError(`degrees of freedom must be > 0, got ${degreesOfFreedom}`);
  }
  if (Number.isNaN(x)) throw new RangeError('the chi-square statistic is NaN');
  if (x <= 0) return 1;
  return Math.min(1, Math.max(0, regularizedUpperGamma(degreesOfFreedom / 2, x / 2)));
}
