/**
 * Values during evaluation: a scalar (one number for every point) or a series (one number per
 * point). NaN marks an undefined point; every operation turns a non-finite result into NaN, so
 * Infinity never escapes (division by zero is undefined, not infinite).
 */
export type SeriesValue = number | Float64Array;

export function finite(value: number): number {
  return Number.isFinite(value) ? value : NaN;
}

/** A series of `length` points from either kind of value. */
export function expand(value: SeriesValue, length: number): Float64Array {
  if (typeof value !== 'number') return value;
  return new Float64Array(length).fill(value);
}

export function map1(value: SeriesValue, f: (x: number) => number): SeriesValue {
  if (typeof value === 'number') return finite(f(value));
  const out = new Float64Array(value.length);
  for (let i = 0; i < value.length; i++) out[i] = finite(f(value[i]));
  return out;
}

/** Element-wise with scalar broadcasting; both series have the same length by construction. */
export function mapN(
  values: readonly SeriesValue[],
  f: (xs: readonly number[]) => number,
): SeriesValue {
  const length = values.reduce<number | undefined>(
    (found, value) => (typeof value === 'number' ? found : value.length),
    undefined,
  );
  const row = new Array<number>(values.length);
  const at = (i: number): number => {
    for (let k = 0; k < values.length; k++) {
      const value = values[k];
      row[k] = typeof value === 'number' ? value : value[i];
    }
    return finite(f(row));
  };
  if (length === undefined) return at(0);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = at(i);
  return out;
}

/** `1` for true, `0` for false, NaN when either side is undefined. */
export function truth(a: number, b: number, test: (a: number, b: number) => boolean): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return NaN;
  return test(a, b) ? 1 : 0;
}

export function divide(a: number, b: number): number {
  return b === 0 ? NaN : a / b;
}

export function remainder(a: number, b: number): number {
  return b === 0 ? NaN : a % b;
}

/** Half away from zero; the tiny nudge makes 1.005 round to 1.01 as written, not as stored. */
export function roundTo(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  const rounded = Math.round(Math.abs(value) * factor * (1 + Number.EPSILON)) / factor;
  return Math.sign(value) * rounded;
}

export function logarithm(value: number, base: number): number {
  if (value <= 0 || base <= 0 || base === 1) return NaN;
  return Math.log(value) / Math.log(base);
}

export function clamp(value: number, min: number, max: number): number {
  if (min > max) return NaN;
  return Math.min(Math.max(value, min), max);
}

/** Statistics over the defined (non-NaN) points; NaN when there are none. */
export function definedStatistic(
  values: Float64Array,
  statistic: 'average' | 'sum' | 'min' | 'max' | 'standard_deviation',
): number {
  let count = 0;
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const value of values) {
    if (Number.isNaN(value)) continue;
    count++;
    sum += value;
    if (value < min) min = value;
    if (value > max) max = value;
  }
  if (count === 0) return NaN;
  switch (statistic) {
    case 'sum':
      return sum;
    case 'average':
      return sum / count;
    case 'min':
      return min;
    case 'max':
      return max;
    case 'standard_deviation': {
      const mean = sum / count;
      let squares = 0;
      for (const value of values) if (!Number.isNaN(value)) squares += (value - mean) ** 2;
      return Math.sqrt(squares / count);
    }
  }
}
