import type { Plan } from '@vantage/contracts';
import { isNewerOrSame } from '../subscriptions/subscription-snapshot';
import type { CurrentSubscription, Dunning } from './billing-account.schema';

/** Statuses in which a subscription still holds its plan (past due: until dunning lowers it). */
const PLAN_HOLDING: ReadonlySet<string> = new Set(['trialing', 'active', 'past_due']);

/** Statuses of a subscription that is not over: it can still become (or stay) paid. */
const LIVE: ReadonlySet<string> = new Set([
  'incomplete',
  'trialing',
  'active',
  'past_due',
  'unpaid',
  'paused',
]);

export function holdsPlan(subscription: CurrentSubscription | null): boolean {
  return subscription !== null && PLAN_HOLDING.has(subscription.status);
}

/**
 * The plan an org has: its subscription's while that is trialing, active or past due, unless a
 * failed payment's grace period ran out; `free` otherwise (and for prices of no plan of ours).
 */
export function effectivePlan(account: {
  readonly subscription: CurrentSubscription | null;
  readonly dunning: Dunning | null;
}): Plan {
  if (account.dunning?.downgradedAt) return 'free';
  const { subscription } = account;
  if (!subscription || !holdsPlan(subscription) || subscription.plan === null) return 'free';
  return subscription.plan;
}

/**
 * Which subscription an org's plan follows when a state of `candidate` arrives: the newer state
 * of the same subscription; of two different ones, a live one over an ended one, then the one
 * created later (so a late `deleted` of an old subscription never replaces its successor).
 */
export function chooseSubscription(
  current: CurrentSubscription | null,
  candidate: CurrentSubscription,
): CurrentSubscription {
  if (current === null) return candidate;
  if (current.id === candidate.id) {
    return isNewerOrSame(candidate.version, current.version) ? candidate : current;
  }
  const currentLive = LIVE.has(current.status);
  const candidateLive = LIVE.has(candidate.status);
  if (currentLive !== candidateLive) return candidateLive ? candidate : current;
  return candidate.created > current.created ? candidate : current;
}
