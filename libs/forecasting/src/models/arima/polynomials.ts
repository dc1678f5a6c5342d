// Polynomial helpers for ARIMA: products of lag polynomials, the partial-autocorrelation
// reparametrisation that keeps AR and MA parts stationary and invertible during optimisation,
// and root moduli for the near-unit-root check.

/** Coefficients in increasing powers of B: [c0, c1, ...]. */
export type LagPolynomial = number[];

export function multiply(a: readonly number[], b: readonly number[]): LagPolynomial {
  const out = new Array<number>(a.length + b.length - 1).fill(0);
  for (let i = 0; i < a.length; i++) {
    if (a[i] === 0) continue;
    for (let j = 0; j < b.length; j++) out[i + j] += a[i] * b[j];
  }
  return out;
}

/** 1 - c1 B - c2 B^2 ... for AR coefficients (lag spacing `every`, e.g. m for seasonal). */
export function arPolynomial(coefficients: readonly number[], every = 1): LagPolynomial {
  const out = new Array<number>(coefficients.length * every + 1).fill(0);
  out[0] = 1;
  coefficients.forEach((c, i) => (out[(i + 1) * every] = -c));
  return out;
}

/** 1 + c1 B + c2 B^2 ... for MA coefficients. */
export function maPolynomial(coefficients: readonly number[], every = 1): LagPolynomial {
  const out = new Array<number>(coefficients.length * every + 1).fill(0);
  out[0] = 1;
  coefficients.forEach((c, i) => (out[(i + 1) * every] = c));
  return out;
}

/** (1 - B)^d (1 - B^m)^D. */
export function differencingPolynomial(d: number, seasonalD: number, m: number): LagPolynomial {
  let out: LagPolynomial = [1];
  for (let i = 0; i < d; i++) out = multiply(out, [1, -1]);
  const seasonal = new Array<number>(m + 1).fill(0);
  seasonal[0] = 1;
  seasonal[m] = -1;
  for (let i = 0; i < seasonalD; i++) out = multiply(out, seasonal);
  return out;
}

/**
 * Maps unconstrained values to the coefficients of a stationary AR polynomial (Jones 1980, as
 * R's arima): tanh gives partial autocorrelations in (-1, 1), Durbin-Levinson turns them into
 * phi_1..phi_p.
 */
export function stationaryFromUnconstrained(raw: readonly number[]): number[] {
  const p = raw.length;
  const phi = raw.map((value) => Math.tanh(value));
  const work = phi.slice();
  for (let k = 1; k < p; k++) {
    for (let j = 0; j < k; j++) work[j] = phi[j] - phi[k] * phi[k - j - 1];
    for (let j = 0; j < k; j++) phi[j] = work[j];
  }
  return phi;
}

/** The inverse of stationaryFromUnconstrained, for starting values; |pacf| is capped below 1. */
export function unconstrainedFromStationary(phi: readonly number[]): number[] {
  const p = phi.length;
  const current = phi.slice();
  const pacf = new Array<number>(p).fill(0);
  for (let k = p - 1; k >= 0; k--) {
    const r = Math.max(-0.99, Math.min(0.99, current[k]));
    pacf[k] = r;
    const previous = current.slice(0, k);
    const denominator = 1 - r * r;
    for (let j = 0; j < k; j++) previous[j] = (current[j] + r * current[k - j - 1]) / denominator;
    for (let j = 0; j < k; j++) current[j] = previous[j];
  }
  return pacf.map((r) => Math.atanh(r));
}

/**
 * The smallest modulus among the roots of c0 + c1 z + ... + cp z^p (Durand-Kerner). A stationary
 * AR or invertible MA polynomial has every root outside the unit circle.
 */
export function smallestRootModulus(polynomial: readonly number[]): number {
  let degree = polynomial.length - 1;
  while (degree > 0 && Math.abs(polynomial[degree]) < 1e-12) degree--;
  if (degree === 0) return Number.POSITIVE_INFINITY;
  const lead = polynomial[degree];
  const monic = polynomial.slice(0, degree + 1).map((c) => c / lead);
  const re = new Float64Array(degree);
  const im = new Float64Array(degree);
  for (let i = 0; i < degree; i++) {
    const angle = (2 * Math.PI * i) / degree + 0.4;
    re[i] = 1.1 * Math.cos(angle);
    im[i] = 1.1 * Math.sin(angle);
  }
  for (let iteration = 0; iteration < 500; iteration++) {
    let moved = 0;
    for (let i = 0; i < degree; i++) {
      // value of the monic polynomial at root i (Horner, complex)
      let vr = 1;
      let vi = 0;
      for (let k = degree - 1; k >= 0; k--) {
        const nr = vr * re[i] - vi * im[i] + monic[k];
        const ni = vr * im[i] + vi * re[i];
        vr = nr;
        vi = ni;
      }
      let dr = 1;
      let di = 0;
      for (let j = 0; j < degree; j++) {
        if (j === i) continue;
        const ar = re[i] - re[j];
        const ai = im[i] - im[j];
        const nr = dr * ar - di * ai;
        const ni = dr * ai + di * ar;
        dr = nr;
        di = ni;
      }
      const denominator = dr * dr + di * di;
      if (denominator === 0) continue;
      const qr = (vr * dr + vi * di) / denominator;
      const qi = (vi * dr - vr * di) / denominator;
      re[i] -= qr;
      im[i] -= qi;
      moved = Math.max(moved, Math.hypot(qr, qi));
    }
    if (moved < 1e-12) break;
  }
  let smallest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < degree; i++) smallest = Math.min(smallest, Math.hypot(re[i], im[i]));
  return smallest;
}
