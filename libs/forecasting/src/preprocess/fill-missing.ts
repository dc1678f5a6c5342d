// Fills missing points (NaN) so the models can run on a regular series. Seasonal series are
// filled by interpolating the seasonally adjusted series and adding the season back (as R's
// na.interp), so a gap in a daily cycle gets the day's shape, not a straight line.
import { stl } from '../seasonality/stl';

/** Linear interpolation inside, nearest value at the ends; the input must hold a finite value. */
export function interpolateLinearly(y: ArrayLike<number>): Float64Array {
  const n = y.length;
  const out = Float64Array.from(y);
  let previous = -1;
  for (let t = 0; t < n; t++) {
    if (!Number.isFinite(out[t])) continue;
    if (previous === -1) {
      for (let j = 0; j < t; j++) out[j] = out[t];
    } else if (t - previous > 1) {
      const step = (out[t] - out[previous]) / (t - previous);
      for (let j = previous + 1; j < t; j++) out[j] = out[previous] + step * (j - previous);
    }
    previous = t;
  }
  for (let j = previous + 1; j < n; j++) out[j] = out[previous];
  return out;
}

export function countMissing(y: ArrayLike<number>): number {
  let missing = 0;
  for (let t = 0; t < y.length; t++) if (!Number.isFinite(y[t])) missing++;
  return missing;
}

/** Seasonal filling when `period` has three cycles of data, linear filling otherwise. */
export function fillMissing(y: ArrayLike<number>, period?: number): Float64Array {
  const linear = interpolateLinearly(y);
  if (countMissing(y) === 0 || period === undefined || period < 2 || y.length < 3 * period) {
    return linear;
  }
  const { seasonal } = stl(linear, period, { seasonalWindow: 'periodic', robust: true });
  const adjusted = Float64Array.from(y, (value, t) => value - seasonal[t]);
  const filledAdjusted = interpolateLinearly(adjusted);
  return Float64Array.from(y, (value, t) =>
    Number.isFinite(value) ? value : filledAdjusted[t] + seasonal[t],
  );
}
