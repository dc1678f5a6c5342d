import type { AlertOperator, FormulaAlertCondition } from '@vantage/contracts';
import type { FormulaSeries } from '@vantage/formula';
import type { ConditionOutcome } from './condition-outcome';

const MINUTE_MS = 60_000;

/**
 * An interval counts as complete this long after it ends: events arrive a little late (client
 * batching, clock skew), and a value read at once would be too low.
 */
export const FORMULA_SETTLE_MS = 15_000;

const OPERATOR_SYMBOLS: Readonly<Record<AlertOperator, string>> = {
  gt: '>',
  gte: '>=',
  lt: '<',
  lte: '<=',
};

/** Summaries quote at most this much of the expression. */
const SUMMARY_EXPRESSION_LENGTH = 120;

/**
 * The range to run a formula rule over at `now`: two windows back from the settled now, so
 * that whichever way the formula's time grid aligns them, at least one whole interval ends
 * before it.
 */
export function formulaRange(
  condition: FormulaAlertCondition,
  now: Date,
): { readonly from: number; readonly to: number; readonly intervalMs: number } {
  const intervalMs = condition.windowMinutes * MINUTE_MS;
  const to = now.getTime() - FORMULA_SETTLE_MS;
  return { from: to - 2 * intervalMs, to, intervalMs };
}

export function compareWithThreshold(
  value: number,
  operator: AlertOperator,
  threshold: number,
): boolean {
  switch (operator) {
    case 'gt':
      return value > threshold;
    case 'gte':
      return value >= threshold;
    case 'lt':
      return value < threshold;
    case 'lte':
      return value <= threshold;
  }
}

/**
 * Judges a formula rule on its series: the value of the newest interval that had ended by
 * `settledTo`, compared with the threshold. No value there (a division by zero, data past
 * retention) cannot be judged: the alert state stays as it is.
 */
export function judgeFormulaSeries(
  condition: FormulaAlertCondition,
  series: Pick<FormulaSeries, 'timestamps' | 'values' | 'intervalMs'>,
  settledTo: number,
): ConditionOutcome {
  let index = series.timestamps.length - 1;
  while (index >= 0 && (series.timestamps[index] ?? 0) + series.intervalMs > settledTo) index--;
  if (index < 0) return { holds: null, reason: 'no complete interval in the range' };
  const value = series.values[index] ?? null;
  const intervalFrom = series.timestamps[index] ?? 0;
  if (value === null) return { holds: null, reason: 'the formula has no value for the interval' };
  if (!compareWithThreshold(value, condition.operator, condition.threshold))
    return { holds: false };
  const symbol = OPERATOR_SYMBOLS[condition.operator];
  return {
    holds: true,
    summary: `${shorten(condition.expression)} = ${formatValue(value)} (${symbol} ${condition.threshold})`,
    details: {
      kind: 'formula',
      expression: condition.expression,
      operator: condition.operator,
      threshold: condition.threshold,
      value,
      intervalFrom: new Date(intervalFrom).toISOString(),
      intervalTo: new Date(intervalFrom + series.intervalMs).toISOString(),
    },
  };
}

function shorten(expression: string): string {
  const oneLine = expression.replace(/\s+/g, ' ').trim();
  return oneLine.length <= SUMMARY_EXPRESSION_LENGTH
    ? oneLine
    : `${oneLine.slice(0, SUMMARY_EXPRESSION_LENGTH - 1)}…`;
}

/** Six significant digits: enough to compare with a threshold, short enough for a subject. */
function formatValue(value: number): string {
  return String(Number(value.toPrecision(6)));
}
