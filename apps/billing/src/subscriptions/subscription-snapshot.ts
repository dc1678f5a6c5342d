import type { BillingInterval, Plan, SubscriptionStatus } from '@vantage/contracts';
import type Stripe from 'stripe';
import type { PriceCatalog } from '../plans/price-catalog';

/** What a recurring price is billed per. */
export type RecurringInterval = 'day' | 'week' | 'month' | 'year';

export interface SubscriptionItemTerms {
  readonly priceId: string;
  /** Per unit per interval, in cents (fractional for decimal prices). */
  readonly unitAmount: number;
  readonly quantity: number;
  readonly interval: RecurringInterval;
  readonly intervalCount: number;
}

/** A coupon applied to the subscription, from `start` until `end` (seconds; null: forever). */
export interface DiscountTerms {
  readonly percentOff: number | null;
  /** Cents off each invoice. */
  readonly amountOff: number | null;
  readonly start: number;
  readonly end: number | null;
}

/**
 * A Stripe subscription as billing keeps it: the terms that decide the plan and the revenue.
 * Times are Unix seconds, as Stripe gives them.
 */
export interface SubscriptionSnapshot {
  readonly id: string;
  readonly customerId: string;
  /** metadata.orgId, set at checkout: names the org when the customer is not linked yet. */
  readonly orgIdHint: string | null;
  readonly status: Exclude<SubscriptionStatus, 'none'>;
  /** The plan its main (first) item sells; null when the price is none of ours. */
  readonly plan: Plan | null;
  readonly interval: BillingInterval | null;
  readonly quantity: number;
  readonly currency: string;
  readonly items: readonly SubscriptionItemTerms[];
  readonly discounts: readonly DiscountTerms[];
  readonly created: number;
  readonly currentPeriodEnd: number | null;
  readonly cancelAtPeriodEnd: boolean;
  readonly cancelAt: number | null;
  readonly canceledAt: number | null;
  readonly endedAt: number | null;
  readonly trialEnd: number | null;
}

/**
 * Which of two states of one subscription is newer: the time of the event that carried it, then
 * the lifecycle (created < updated < deleted) for events of the same second, whose order Stripe
 * does not guarantee.
 */
export interface SnapshotVersion {
  readonly asOf: number;
  readonly rank: number;
}

const EVENT_RANK: Readonly<Record<string, number>> = {
  'customer.subscription.created': 0,
  'customer.subscription.updated': 1,
  'customer.subscription.trial_will_end': 1,
  'customer.subscription.paused': 1,
  'customer.subscription.resumed': 1,
  'customer.subscription.deleted': 2,
};

export function versionOf(event: { created: number; type: string }): SnapshotVersion {
  return { asOf: event.created, rank: EVENT_RANK[event.type] ?? 1 };
}

/** Orders versions oldest first (for sort). */
export function compareVersions(a: SnapshotVersion, b: SnapshotVersion): number {
  return a.asOf !== b.asOf ? a.asOf - b.asOf : a.rank - b.rank;
}

/** True when `candidate` is at least as new as `current` (a redelivery of the same state applies again harmlessly). */
export function isNewerOrSame(
  candidate: SnapshotVersion,
  current: SnapshotVersion | null,
): boolean {
  return current === null || compareVersions(candidate, current) >= 0;
}

const STATUSES: ReadonlySet<string> = new Set([
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
]);

/** Discounts given as ids only (not expanded): their terms must be fetched from Stripe. */
export function hasUnexpandedDiscounts(subscription: Stripe.Subscription): boolean {
  return (subscription.discounts ?? []).some(
    (discount) => typeof discount === 'string' || typeof discount.source?.coupon === 'string',
  );
}

export function toSnapshot(
  subscription: Stripe.Subscription,
  catalog: PriceCatalog,
): SubscriptionSnapshot {
  const items = subscription.items.data.map(toItemTerms);
  const main = subscription.items.data[0];
  const mainInterval: string | undefined = main?.price.recurring?.interval;
  return {
    id: subscription.id,
    customerId: idOf(subscription.customer),
    orgIdHint: subscription.metadata?.['orgId'] ?? null,
    status: STATUSES.has(subscription.status)
      ? (subscription.status as SubscriptionSnapshot['status'])
      : 'incomplete',
    plan: main ? catalog.planOf(main.price) : null,
    interval: mainInterval === 'month' ? 'month' : mainInterval === 'year' ? 'year' : null,
    quantity: main?.quantity ?? 1,
    currency: subscription.currency,
    items,
    discounts: (subscription.discounts ?? []).flatMap(toDiscountTerms),
    created: subscription.created,
    currentPeriodEnd:
      Math.max(0, ...subscription.items.data.map((item) => item.current_period_end)) || null,
    cancelAtPeriodEnd: subscription.cancel_at_period_end,
    cancelAt: subscription.cancel_at,
    canceledAt: subscription.canceled_at,
    endedAt: subscription.ended_at,
    trialEnd: subscription.trial_end,
  };
}

/** Statuses whose subscription brings in revenue (trials do not; past-due ones still do). */
const REVENUE_STATUSES: ReadonlySet<string> = new Set(['active', 'past_due']);

/**
 * Monthly recurring revenue of the subscription at `at` (seconds), in cents: every item's price ×
 * quantity normalised to a month (a year / 12, a week × 52 / 12, a day × 365 / 12), less the
 * discounts running at that time (percentages, then amounts off each invoice spread over its
 * interval). One-off coupons are no recurring revenue change and are not in the snapshot.
 */
export function monthlyRevenue(snapshot: SubscriptionSnapshot, at: number): number {
  if (!REVENUE_STATUSES.has(snapshot.status)) return 0;
  if (snapshot.endedAt !== null && snapshot.endedAt <= at) return 0;
  let mrr = snapshot.items.reduce(
    (sum, item) => sum + item.unitAmount * item.quantity * monthsFactor(item),
    0,
  );
  const running = snapshot.discounts.filter(
    (discount) => discount.start <= at && (discount.end === null || discount.end > at),
  );
  for (const discount of running) {
    if (discount.percentOff !== null) mrr *= 1 - discount.percentOff / 100;
  }
  const main = snapshot.items[0];
  for (const discount of running) {
    if (discount.amountOff !== null && main) mrr -= discount.amountOff * monthsFactor(main);
  }
  return Math.max(0, mrr);
}

function monthsFactor(item: Pick<SubscriptionItemTerms, 'interval' | 'intervalCount'>): number {
  const perInterval: Record<RecurringInterval, number> = {
    day: 365 / 12,
    week: 52 / 12,
    month: 1,
    year: 1 / 12,
  };
  return perInterval[item.interval] / Math.max(1, item.intervalCount);
}

function toItemTerms(item: Stripe.SubscriptionItem): SubscriptionItemTerms {
  const { price } = item;
  const decimal = price.unit_amount_decimal === null ? NaN : Number(price.unit_amount_decimal);
  return {
    priceId: price.id,
    unitAmount: price.unit_amount ?? (Number.isFinite(decimal) ? decimal : 0),
    quantity: item.quantity ?? 1,
    interval: recurringInterval(price.recurring?.interval),
    intervalCount: price.recurring?.interval_count ?? 1,
  };
}

const INTERVALS: ReadonlySet<string> = new Set(['day', 'week', 'month', 'year']);

/** Stripe may add intervals; an unknown one is read as monthly rather than dropped. */
function recurringInterval(interval: string | undefined): RecurringInterval {
  return interval !== undefined && INTERVALS.has(interval)
    ? (interval as RecurringInterval)
    : 'month';
}

function toDiscountTerms(discount: string | Stripe.Discount): DiscountTerms[] {
  if (typeof discount === 'string') return [];
  const coupon = discount.source?.coupon;
  if (!coupon || typeof coupon === 'string' || coupon.duration === 'once') return [];
  return [
    {
      percentOff: coupon.percent_off,
      amountOff: coupon.amount_off,
      start: discount.start,
      end: discount.end,
    },
  ];
}

export function idOf(value: string | { id: string } | null): string {
  if (value === null) return '';
  return typeof value === 'string' ? value : value.id;
}
