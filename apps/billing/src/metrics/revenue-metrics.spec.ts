import type { Plan } from '@vantage/contracts';
import type { SubscriptionSnapshot } from '../subscriptions/subscription-snapshot';
import {
  computeRevenueMetrics,
  type RevenueFacts,
  type SubscriptionRevisionFact,
} from './revenue-metrics';

/**
 * A hand-computed business: five customers over December 2025 – March 2026 with an upgrade, a
 * downgrade of a yearly plan, a quantity with a percentage discount, an amount-off coupon, a
 * cancellation, a trial, failed payments, and refunds (one delivered out of order). Every figure
 * below was worked out by hand from the story in the comments, not from the code.
 */
const at = (month: number, day: number, year = 2026): number =>
  Date.UTC(year, month - 1, day) / 1000;

const PRO_MONTHLY = {
  priceId: 'price_pro_m',
  unitAmount: 4900,
  interval: 'month',
  intervalCount: 1,
} as const;
const ENTERPRISE_MONTHLY = {
  priceId: 'price_ent_m',
  unitAmount: 49900,
  interval: 'month',
  intervalCount: 1,
} as const;
const ENTERPRISE_YEARLY = {
  priceId: 'price_ent_y',
  unitAmount: 480_000,
  interval: 'year',
  intervalCount: 1,
} as const;
const PRO_YEARLY = {
  priceId: 'price_pro_y',
  unitAmount: 48_000,
  interval: 'year',
  intervalCount: 1,
} as const;

function revision(
  orgId: string,
  asOf: number,
  fields: Partial<SubscriptionSnapshot> & { plan: Plan; status: SubscriptionSnapshot['status'] },
  item: (
    typeof PRO_MONTHLY | typeof ENTERPRISE_MONTHLY | typeof ENTERPRISE_YEARLY | typeof PRO_YEARLY
  ) & {
    quantity?: number;
  },
): SubscriptionRevisionFact {
  return {
    orgId,
    version: { asOf, rank: 1 },
    snapshot: {
      id: `sub_${orgId}`,
      customerId: `cus_${orgId}`,
      orgIdHint: null,
      interval: item.interval,
      quantity: item.quantity ?? 1,
      currency: 'usd',
      items: [{ ...item, quantity: item.quantity ?? 1 }],
      discounts: [],
      created: asOf,
      currentPeriodEnd: null,
      cancelAtPeriodEnd: false,
      cancelAt: null,
      canceledAt: null,
      endedAt: null,
      trialEnd: null,
      ...fields,
    },
  };
}

const facts: RevenueFacts = {
  // Deliberately not in time order: state is taken by each revision's own time.
  revisions: [
    // A: pro monthly from Jan 10, upgraded to enterprise monthly on Feb 15.
    revision('A', at(2, 15), { plan: 'enterprise', status: 'active' }, ENTERPRISE_MONTHLY),
    revision('A', at(1, 10), { plan: 'pro', status: 'active' }, PRO_MONTHLY),
    // B: enterprise yearly ($4,800/yr = $400/mo) since Dec 1, down to pro yearly ($40/mo) Mar 5.
    revision('B', at(3, 5), { plan: 'pro', status: 'active' }, PRO_YEARLY),
    revision('B', at(12, 1, 2025), { plan: 'enterprise', status: 'active' }, ENTERPRISE_YEARLY),
    // C: 3 seats of pro with 20% off forever: trial Jan 5, paying Jan 20 ($117.60), cancelled Feb 10.
    revision('C', at(1, 5), { plan: 'pro', status: 'trialing' }, { ...PRO_MONTHLY, quantity: 3 }),
    revision(
      'C',
      at(2, 10),
      { plan: 'pro', status: 'canceled', endedAt: at(2, 10), canceledAt: at(2, 10) },
      { ...PRO_MONTHLY, quantity: 3 },
    ),
    revision(
      'C',
      at(1, 20),
      {
        plan: 'pro',
        status: 'active',
        discounts: [{ percentOff: 20, amountOff: null, start: at(1, 20), end: null }],
      },
      { ...PRO_MONTHLY, quantity: 3 },
    ),
    // D: pro with $10 off every invoice since Dec 15 ($39/mo); past due from Mar 20.
    revision(
      'D',
      at(12, 15, 2025),
      {
        plan: 'pro',
        status: 'active',
        discounts: [{ percentOff: null, amountOff: 1000, start: at(12, 15, 2025), end: null }],
      },
      PRO_MONTHLY,
    ),
    revision(
      'D',
      at(3, 20),
      {
        plan: 'pro',
        status: 'past_due',
        discounts: [{ percentOff: null, amountOff: 1000, start: at(12, 15, 2025), end: null }],
      },
      PRO_MONTHLY,
    ),
    // E: a trial from Mar 25 (no revenue yet).
    revision('E', at(3, 25), { plan: 'enterprise', status: 'trialing' }, ENTERPRISE_MONTHLY),
  ],
  payments: [
    { amount: 480_000, currency: 'usd', at: at(12, 1, 2025) }, // B, before the range
    { amount: 4900, currency: 'usd', at: at(1, 10) }, // A
    { amount: 3900, currency: 'usd', at: at(1, 15) }, // D
    { amount: 11_760, currency: 'usd', at: at(1, 20) }, // C
    { amount: 4900, currency: 'usd', at: at(2, 10) }, // A
    { amount: 3900, currency: 'usd', at: at(2, 15) }, // D
    { amount: 49_900, currency: 'usd', at: at(3, 15) }, // A
    { amount: 999_999, currency: 'eur', at: at(3, 15) }, // another currency: not counted
  ],
  failures: [{ at: at(3, 15) }, { at: at(3, 20) }], // D
  refunds: [
    { chargeId: 'ch_C1', currency: 'usd', amountRefunded: 5000, at: at(2, 10) },
    // A's January charge: $9 refunded on Mar 2, $19 in all on Mar 3; the later total came first.
    { chargeId: 'ch_A1', currency: 'usd', amountRefunded: 1900, at: at(3, 3) },
    { chargeId: 'ch_A1', currency: 'usd', amountRefunded: 900, at: at(3, 2) },
  ],
};

describe('computeRevenueMetrics on a hand-computed fixture', () => {
  const monthly = computeRevenueMetrics(facts, {
    from: new Date(Date.UTC(2026, 0, 1)),
    to: new Date(Date.UTC(2026, 3, 1)),
    granularity: 'month',
    currency: 'usd',
  });
  const [january, february, march] = monthly.periods;

  it('reports one period per calendar month of the range', () => {
    expect(monthly.periods.map((period) => [period.start, period.end])).toEqual([
      ['2026-01-01T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02-01T00:00:00.000Z', '2026-03-01T00:00:00.000Z'],
      ['2026-03-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z'],
    ]);
  });

  it('January: A and C are new; the yearly plan counts a twelfth', () => {
    // Start: B 40,000 + D 3,900. End: A 4,900 + B 40,000 + C 3×4,900×0.8 = 11,760 + D 3,900.
    expect(january).toEqual({
      start: '2026-01-01T00:00:00.000Z',
      end: '2026-02-01T00:00:00.000Z',
      startingMrr: 43_900,
      mrr: 60_560,
      arr: 726_720,
      newMrr: 16_660,
      expansionMrr: 0,
      contractionMrr: 0,
      churnedMrr: 0,
      netNewMrr: 16_660,
      startingCustomers: 2,
      customers: 4,
      newCustomers: 2,
      churnedCustomers: 0,
      customerChurnRate: 0,
      revenueChurnRate: 0,
      activeSubscriptions: { pro: 3, enterprise: 1, other: 0 },
      trialing: 0,
      pastDue: 0,
      failedPayments: 0,
      revenueCollected: 4900 + 3900 + 11_760,
    });
  });

  it('February: A expands to enterprise, C churns, C is partly refunded', () => {
    expect(february).toMatchObject({
      startingMrr: 60_560,
      mrr: 93_800,
      arr: 1_125_600,
      newMrr: 0,
      expansionMrr: 45_000,
      contractionMrr: 0,
      churnedMrr: 11_760,
      netNewMrr: 33_240,
      startingCustomers: 4,
      customers: 3,
      churnedCustomers: 1,
      customerChurnRate: 0.25,
      revenueChurnRate: 0.1942, // 11,760 / 60,560
      activeSubscriptions: { pro: 1, enterprise: 2, other: 0 },
      trialing: 0,
      pastDue: 0,
      failedPayments: 0,
      revenueCollected: 4900 + 3900 - 5000,
    });
  });

  it('March: B contracts, D is past due with two failed payments, E trials, A is refunded', () => {
    expect(march).toMatchObject({
      startingMrr: 93_800,
      mrr: 57_800,
      arr: 693_600,
      newMrr: 0,
      expansionMrr: 0,
      contractionMrr: 36_000,
      churnedMrr: 0,
      netNewMrr: -36_000,
      startingCustomers: 3,
      customers: 3,
      newCustomers: 0,
      churnedCustomers: 0,
      customerChurnRate: 0,
      revenueChurnRate: 0.3838, // 36,000 / 93,800
      activeSubscriptions: { pro: 1, enterprise: 1, other: 0 },
      trialing: 1,
      pastDue: 1,
      failedPayments: 2,
      revenueCollected: 49_900 - 1900,
    });
  });

  it('reports ISO weeks, the movements falling in the week they happened', () => {
    const weekly = computeRevenueMetrics(facts, {
      from: new Date(Date.UTC(2026, 1, 9)),
      to: new Date(Date.UTC(2026, 1, 23)),
      granularity: 'week',
      currency: 'usd',
    });

    expect(weekly.periods).toHaveLength(2);
    expect(weekly.periods[0]).toMatchObject({
      start: '2026-02-09T00:00:00.000Z',
      churnedMrr: 11_760,
      expansionMrr: 45_000,
      mrr: 93_800,
      revenueCollected: 4900 - 5000 + 3900,
    });
    expect(weekly.periods[1]).toMatchObject({
      startingMrr: 93_800,
      netNewMrr: 0,
      revenueCollected: 0,
    });
  });

  it('clips the first and last period to the range', () => {
    const clipped = computeRevenueMetrics(facts, {
      from: new Date(Date.UTC(2026, 0, 15)),
      to: new Date(Date.UTC(2026, 1, 5)),
      granularity: 'month',
      currency: 'usd',
    });

    expect(clipped.periods.map((period) => [period.start, period.end])).toEqual([
      ['2026-01-15T00:00:00.000Z', '2026-02-01T00:00:00.000Z'],
      ['2026-02-01T00:00:00.000Z', '2026-02-05T00:00:00.000Z'],
    ]);
    // D paid on Jan 15 and C on Jan 20, inside; A's Jan 10 payment falls before the range.
    expect(clipped.periods[0]?.revenueCollected).toBe(3900 + 11_760);
  });
});
