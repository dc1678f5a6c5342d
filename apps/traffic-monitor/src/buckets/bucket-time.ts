import { ValidationFailedError } from '@vantage/contracts';

/** Start of the bucket of width `stepMs` holding `ms` (UTC; epoch-aligned widths only). */
export function alignDown(ms: number, stepMs: number): number {
  return ms - (((ms % stepMs) + stepMs) % stepMs);
}

/** Refuses a query that would materialise more than `max` rows or points. */
export function assertRowBudget(rows: number, max: number): void {
  if (rows > max) {
    throw new ValidationFailedError(
      `the query covers more than ${max} buckets: narrow the range or use a coarser resolution`,
      [{ field: 'to', message: `range too large for this resolution (more than ${max} buckets)` }],
    );
  }
}
