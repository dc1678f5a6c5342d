// The M4 competition's seasonality test: a 90% one-sided test on the autocorrelation at the
// seasonal lag, with Bartlett's variance. Naive2 and Theta deseasonalise only when it passes.
import { autocorrelations } from '../numeric/descriptive';

const T_CRITICAL_90 = 1.645;

export function isSeasonalByAcfTest(values: ArrayLike<number>, period: number): boolean {
  const n = values.length;
  if (period < 2 || n < 3 * period) return false;
  const acf = autocorrelations(values, period);
  let bartlett = 1;
  for (let k = 0; k < period - 1; k++) bartlett += 2 * acf[k] ** 2;
  const limit = (T_CRITICAL_90 / Math.sqrt(n)) * Math.sqrt(bartlett);
  return Math.abs(acf[period - 1]) > limit;
}
