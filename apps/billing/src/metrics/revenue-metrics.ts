import type {
  MetricsGranularity,
  PlanCountsDto,
  RevenueMetricsDto,
  RevenuePeriodDto,
} from '@vantage/contracts';
import {
  compareVersions,
  monthlyRevenue,
  type SnapshotVersion,
  type SubscriptionSnapshot,
} from '../subscriptions/subscription-snapshot';
import { type Period, periodsOf } from './metric-periods';

/** One stored state of a subscription, as of the event that carried it. */
export interface SubscriptionRevisionFact {
  readonly orgId: string;
  readonly version: SnapshotVersion;
  readonly snapshot: SubscriptionSnapshot;
}

/** An invoice paid: `amount` (cents) collected at `at` (seconds). */
export interface PaymentFact {
  readonly amount: number;
  readonly currency: string;
  readonly at: number;
}

/** A failed payment attempt of an invoice, at `at` (seconds). */
export interface PaymentFailureFact {
  readonly at: number;
}

/** A charge's refunded total (cents) as of `at` (seconds): refunds grow it. */
export interface RefundFact {
  readonly chargeId: string;
  readonly currency: string;
  readonly amountRefunded: number;
  readonly at: number;
}

export interface RevenueFacts {
  readonly revisions: readonly SubscriptionRevisionFact[];
  readonly payments: readonly PaymentFact[];
  readonly failures: readonly PaymentFailureFact[];
  readonly refunds: readonly RefundFact[];
}

export interface RevenueQuery {
  readonly from: Date;
  readonly to: Date;
  readonly granularity: MetricsGranularity;
  readonly currency: string;
}

/**
 * Revenue metrics per period, from what billing stored. The state at an instant is each
 * subscription's newest revision from before it (so an event that arrived late still counts at
 * its own time). MRR movements are per customer (org) between the period's start and end:
 * none → some is new, some → none is churned, up or down is expansion or contraction; so
 * net new MRR is exactly end MRR − start MRR. Amounts are rounded to whole cents at the end.
 */
export function computeRevenueMetrics(facts: RevenueFacts, query: RevenueQuery): RevenueMetricsDto {
  const revisions = facts.revisions.filter((fact) => fact.snapshot.currency === query.currency);
  const bySubscription = groupRevisions(revisions);
  const periods = periodsOf(query.from, query.to, query.granularity).map((period) =>
    periodMetrics(period, bySubscription, facts, query.currency),
  );
  return {
    granularity: query.granularity,
    currency: query.currency,
    from: query.from.toISOString(),
    to: query.to.toISOString(),
    periods,
  };
}

interface OrgSubscriptionHistory {
  readonly orgId: string;
  /** Oldest first. */
  readonly revisions: readonly SubscriptionRevisionFact[];
}

function groupRevisions(revisions: readonly SubscriptionRevisionFact[]): OrgSubscriptionHistory[] {
  const groups = new Map<string, SubscriptionRevisionFact[]>();
  for (const revision of revisions) {
    const list = groups.get(revision.snapshot.id) ?? [];
    list.push(revision);
    groups.set(revision.snapshot.id, list);
  }
  return [...groups.values()].map((list) => ({
    orgId: list[0]?.orgId ?? '',
    revisions: [...list].sort((a, b) => compareVersions(a.version, b.version)),
  }));
}

/** The newest state from before `instantSeconds`, or null when the subscription did not exist yet. */
function stateBefore(
  history: OrgSubscriptionHistory,
  instantSeconds: number,
): SubscriptionSnapshot | null {
  let state: SubscriptionSnapshot | null = null;
  for (const revision of history.revisions) {
    if (revision.version.asOf >= instantSeconds) break;
    state = revision.snapshot;
  }
  return state;
}

function mrrByOrg(
  histories: readonly OrgSubscriptionHistory[],
  instantMs: number,
): Map<string, number> {
  const instant = instantMs / 1000;
  const byOrg = new Map<string, number>();
  for (const history of histories) {
    const state = stateBefore(history, instant);
    // Discounts and endings are judged at the last moment before the instant, like the state.
    const mrr = state ? monthlyRevenue(state, instant - 1) : 0;
    byOrg.set(history.orgId, (byOrg.get(history.orgId) ?? 0) + mrr);
  }
  return byOrg;
}

function periodMetrics(
  period: Period,
  histories: readonly OrgSubscriptionHistory[],
  facts: RevenueFacts,
  currency: string,
): RevenuePeriodDto {
  const before = mrrByOrg(histories, period.start);
  const after = mrrByOrg(histories, period.end);
  let newMrr = 0;
  let expansion = 0;
  let contraction = 0;
  let churned = 0;
  let newCustomers = 0;
  let churnedCustomers = 0;
  for (const orgId of new Set([...before.keys(), ...after.keys()])) {
    const start = before.get(orgId) ?? 0;
    const end = after.get(orgId) ?? 0;
    if (start === 0 && end > 0) {
      newMrr += end;
      newCustomers += 1;
    } else if (start > 0 && end === 0) {
      churned += start;
      churnedCustomers += 1;
    } else if (end > start) expansion += end - start;
    else contraction += start - end;
  }
  const startingMrr = sum(before.values());
  const mrr = sum(after.values());
  const startingCustomers = count(before.values());
  return {
    start: new Date(period.start).toISOString(),
    end: new Date(period.end).toISOString(),
    startingMrr: Math.round(startingMrr),
    mrr: Math.round(mrr),
    arr: Math.round(mrr * 12),
    newMrr: Math.round(newMrr),
    expansionMrr: Math.round(expansion),
    contractionMrr: Math.round(contraction),
    churnedMrr: Math.round(churned),
    netNewMrr: Math.round(newMrr + expansion - contraction - churned),
    startingCustomers,
    customers: count(after.values()),
    newCustomers,
    churnedCustomers,
    customerChurnRate: startingCustomers === 0 ? null : ratio(churnedCustomers, startingCustomers),
    revenueChurnRate: startingMrr === 0 ? null : ratio(churned + contraction, startingMrr),
    ...subscriptionCounts(histories, period.end),
    failedPayments: facts.failures.filter((failure) => within(period, failure.at)).length,
    revenueCollected: Math.round(collected(period, facts, currency)),
  };
}

function subscriptionCounts(
  histories: readonly OrgSubscriptionHistory[],
  instantMs: number,
): { activeSubscriptions: PlanCountsDto; trialing: number; pastDue: number } {
  const active: PlanCountsDto = { pro: 0, enterprise: 0, other: 0 };
  let trialing = 0;
  let pastDue = 0;
  for (const history of histories) {
    const state = stateBefore(history, instantMs / 1000);
    if (state?.status === 'active') {
      if (state.plan === 'pro' || state.plan === 'enterprise') active[state.plan] += 1;
      else active.other += 1;
    } else if (state?.status === 'trialing') trialing += 1;
    else if (state?.status === 'past_due') pastDue += 1;
  }
  return { activeSubscriptions: active, trialing, pastDue };
}

/** Payments in the period less the refunds made in it (a charge's refunded total grows). */
function collected(period: Period, facts: RevenueFacts, currency: string): number {
  const paid = facts.payments
    .filter((payment) => payment.currency === currency && within(period, payment.at))
    .reduce((total, payment) => total + payment.amount, 0);
  const charges = new Map<string, RefundFact[]>();
  for (const refund of facts.refunds) {
    if (refund.currency !== currency) continue;
    charges.set(refund.chargeId, [...(charges.get(refund.chargeId) ?? []), refund]);
  }
  let refunded = 0;
  for (const history of charges.values()) {
    refunded += refundedBefore(history, period.end) - refundedBefore(history, period.start);
  }
  return paid - refunded;
}

function refundedBefore(history: readonly RefundFact[], instantMs: number): number {
  // The largest total seen before the instant: totals only grow, whatever order they came in.
  return history
    .filter((refund) => refund.at < instantMs / 1000)
    .reduce((max, refund) => Math.max(max, refund.amountRefunded), 0);
}

function within(period: Period, atSeconds: number): boolean {
  const at = atSeconds * 1000;
  return at >= period.start && at < period.end;
}

function sum(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

function count(values: Iterable<number>): number {
  let total = 0;
  for (const value of values) if (value > 0) total += 1;
  return total;
}

function ratio(part: number, whole: number): number {
  return Math.round((part / whole) * 10_000) / 10_000;
}
