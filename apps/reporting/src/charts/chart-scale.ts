/** The vertical range a chart maps its values onto. */
export interface ValueRange {
  readonly low: number;
  readonly high: number;
}

/**
 * The range to draw values in: from zero when the values sit near it (counts, rates), else
 * padded around them, so a large steady figure (MRR) still shows its trend rather than a flat
 * line at the top. Never an empty range.
 */
export function chartRange(values: readonly (number | null)[]): ValueRange {
  const known = values.filter((value): value is number => value !== null && Number.isFinite(value));
  if (known.length === 0) return { low: 0, high: 1 };
  const min = Math.min(...known);
  const max = Math.max(...known);
  if (min >= 0 && min <= max * 0.5) return { low: 0, high: max === 0 ? 1 : max * 1.1 };
  const span = max - min || Math.abs(max) * 0.1 || 1;
  return { low: min - span * 0.15, high: max + span * 0.15 };
}

/** The y pixel of a value, top of the plot at `top`, bottom at `top + height`. */
export function yOf(value: number, range: ValueRange, top: number, height: number): number {
  const share = (value - range.low) / (range.high - range.low);
  return round(top + height * (1 - share));
}

export function round(value: number): number {
  return Math.round(value * 100) / 100;
}
