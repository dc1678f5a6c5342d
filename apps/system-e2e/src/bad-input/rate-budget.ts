import type { BadInputCase } from './bad-input-case';

/**
 * How many requests one caller may spend on bad input within a minute, kept well under the
 * gateway's tiers (anonymous 100/min per IP, free plan 1,000/min per org, expensive 30/min per
 * org) so that the rate limiter does not answer in place of the validation under test.
 */
export interface RateBudget {
  readonly perOrg: number;
  readonly expensivePerOrg: number;
  readonly perAnonymousAddress: number;
}

export const DEFAULT_RATE_BUDGET: RateBudget = {
  perOrg: 600,
  expensivePerOrg: 20,
  perAnonymousAddress: 60,
};

/** Which caller sends a case: one of `orgCount` orgs, or one of `addressCount` client IPs. */
export type CallerSlot =
  | { readonly kind: 'org'; readonly index: number }
  | { readonly kind: 'address'; readonly index: number };

export interface CallerPlan {
  readonly orgCount: number;
  readonly addressCount: number;
  /** Aligned with the cases given to planCallers. */
  readonly slots: readonly CallerSlot[];
}

/** Spreads cases over as few orgs and client addresses as keep every caller within budget. */
export function planCallers(
  cases: readonly BadInputCase[],
  budget: RateBudget = DEFAULT_RATE_BUDGET,
): CallerPlan {
  const authenticated = cases.filter((c) => c.auth !== 'none');
  const expensive = authenticated.filter((c) => c.expensive).length;
  const anonymous = cases.length - authenticated.length;
  const orgCount = Math.max(
    authenticated.length > 0 ? 1 : 0,
    Math.ceil(authenticated.length / budget.perOrg),
    Math.ceil(expensive / budget.expensivePerOrg),
  );
  const addressCount = Math.ceil(anonymous / budget.perAnonymousAddress);
  let nextOrg = 0;
  let nextExpensiveOrg = 0;
  let nextAddress = 0;
  const slots = cases.map((c): CallerSlot => {
    if (c.auth === 'none') return { kind: 'address', index: nextAddress++ % addressCount };
    if (c.expensive) return { kind: 'org', index: nextExpensiveOrg++ % orgCount };
    return { kind: 'org', index: nextOrg++ % orgCount };
  });
  return { orgCount, addressCount, slots };
}
