import type { BurnRateRuleName, BurnRateWindow } from '@vantage/contracts';

/**
 * Error-budget and burn-rate arithmetic of an SLO (pure). A target of 0.999 allows 0.1 % of
 * events to be bad: that share is the budget. The burn rate of a window is its bad share over
 * the allowed share: 1 spends the budget exactly over the SLO window, 14.4 spends 2 % of a
 * 30-day budget in one hour.
 */

export const WINDOW_MS: Readonly<Record<BurnRateWindow, number>> = {
  '5m': 5 * 60_000,
  '30m': 30 * 60_000,
  '1h': 3_600_000,
  '6h': 6 * 3_600_000,
  '3d': 3 * 86_400_000,
};

export interface BurnRateRule {
  readonly rule: BurnRateRuleName;
  readonly severity: 'page' | 'ticket';
  readonly longWindow: BurnRateWindow;
  readonly shortWindow: BurnRateWindow;
  readonly threshold: number;
}

/** The SRE workbook's multiwindow, multi-burn-rate alerts (chapter "Alerting on SLOs"). */
export const BURN_RATE_RULE_SET: readonly BurnRateRule[] = [
  { rule: 'fast-page', severity: 'page', longWindow: '1h', shortWindow: '5m', threshold: 14.4 },
  { rule: 'slow-page', severity: 'page', longWindow: '6h', shortWindow: '30m', threshold: 6 },
  { rule: 'ticket', severity: 'ticket', longWindow: '3d', shortWindow: '6h', threshold: 1 },
];

export interface ErrorBudget {
  /** 1 - target. */
  readonly allowed: number;
  /** Bad share / allowed share: 1 means the whole budget is spent. */
  readonly consumed: number;
  /** 1 - consumed; negative once overspent. */
  readonly remaining: number;
}

export interface FiringRule extends BurnRateRule {
  readonly longBurnRate: number;
  readonly shortBurnRate: number;
}

/**
 * Ratios are rounded to 9 decimals: `1 - 0.999` is 0.0010000000000000009 in binary floating
 * point, and a burn rate that is exactly 1 must not read as 0.9999999999999991.
 */
function rounded(value: number): number {
  return Math.round(value * 1e9) / 1e9;
}

/** The allowed bad share of a target: 0.999 -> 0.001. */
export function allowedBadShare(target: number): number {
  return rounded(1 - target);
}

/** Good share of the events (the SLI); null without events. */
export function sliOf(bad: number, total: number): number | null {
  if (!(total > 0)) return null;
  return rounded(1 - Math.min(Math.max(bad, 0), total) / total);
}

/** The error budget over the SLO window; null without events. */
export function errorBudgetOf(target: number, bad: number, total: number): ErrorBudget | null {
  if (!(total > 0)) return null;
  const allowed = allowedBadShare(target);
  const consumed = rounded(Math.min(Math.max(bad, 0), total) / total / allowed);
  return { allowed, consumed, remaining: rounded(1 - consumed) };
}

/** Bad share of a window over the allowed share; null without events in the window. */
export function burnRateOf(target: number, bad: number, total: number): number | null {
  if (!(total > 0)) return null;
  return rounded(Math.min(Math.max(bad, 0), total) / total / allowedBadShare(target));
}

/**
 * The rules whose long AND short windows both burn strictly faster than their threshold. The
 * long window proves the burn is significant; the short one that it is still going on, so an
 * alert stops soon after the errors stop. A window without data fires nothing.
 */
export function firingRules(
  burnRates: Readonly<Record<BurnRateWindow, number | null>>,
  rules: readonly BurnRateRule[] = BURN_RATE_RULE_SET,
): FiringRule[] {
  const firing: FiringRule[] = [];
  for (const rule of rules) {
    const longBurnRate = burnRates[rule.longWindow];
    const shortBurnRate = burnRates[rule.shortWindow];
    if (longBurnRate === null || shortBurnRate === null) continue;
    if (longBurnRate > rule.threshold && shortBurnRate > rule.threshold)
      firing.push({ ...rule, longBurnRate, shortBurnRate });
  }
  return firing;
}
