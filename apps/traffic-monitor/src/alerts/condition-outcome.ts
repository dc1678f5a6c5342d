import type { AlertDetails } from '@vantage/contracts';

/**
 * A condition judged at one evaluation: holds (with what to say about it), does not hold, or
 * cannot be judged (`holds: null`, e.g. a formula without a value), which changes nothing.
 */
export type ConditionOutcome =
  | { readonly holds: true; readonly summary: string; readonly details: AlertDetails }
  | { readonly holds: false }
  | { readonly holds: null; readonly reason: string };
