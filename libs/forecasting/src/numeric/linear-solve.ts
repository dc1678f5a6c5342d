// Small dense linear systems (normal equations of a few parameters): Gaussian elimination with
// partial pivoting, returning undefined for a singular matrix instead of NaNs.

/** Solves A x = b for square A given row-major as number[][]; A and b are not modified. */
export function solveLinear(a: readonly number[][], b: readonly number[]): number[] | undefined {
  const n = b.length;
  const m = a.map((row, i) => [...row, b[i]]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let row = col + 1; row < n; row++) {
      if (Math.abs(m[row][col]) > Math.abs(m[pivot][col])) pivot = row;
    }
    if (!(Math.abs(m[pivot][col]) > 1e-300)) return undefined;
    [m[col], m[pivot]] = [m[pivot], m[col]];
    for (let row = col + 1; row < n; row++) {
      const factor = m[row][col] / m[col][col];
      if (factor === 0) continue;
      for (let k = col; k <= n; k++) m[row][k] -= factor * m[col][k];
    }
  }
  const x = new Array<number>(n).fill(0);
  for (let row = n - 1; row >= 0; row--) {
    let total = m[row][n];
    for (let k = row + 1; k < n; k++) total -= m[row][k] * x[k];
    x[row] = total / m[row][row];
  }
  return x.every(Number.isFinite) ? x : undefined;
}

/** Ordinary least squares coefficients for the columns of X (n rows) against y. */
export function leastSquares(
  columns: readonly ArrayLike<number>[],
  y: ArrayLike<number>,
  ridge = 0,
): number[] | undefined {
  const k = columns.length;
  const n = y.length;
  const xtx = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const xty = new Array<number>(k).fill(0);
  for (let i = 0; i < k; i++) {
    const ci = columns[i];
    for (let t = 0; t < n; t++) xty[i] += ci[t] * y[t];
    for (let j = i; j < k; j++) {
      const cj = columns[j];
      let total = 0;
      for (let t = 0; t < n; t++) total += ci[t] * cj[t];
      xtx[i][j] = total;
      xtx[j][i] = total;
    }
    xtx[i][i] += ridge;
  }
  return solveLinear(xtx, xty);
}
