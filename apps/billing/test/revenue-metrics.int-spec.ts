import { BILLING_METRICS_PATTERNS, type RevenueMetricsDto } from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import {
  type Billing,
  Caller,
  connectBillingClient,
  database,
  deliver,
  startBilling,
  storedWebhook,
} from './support/billing-harness';
import {
  charge,
  event,
  invoice,
  PRICES,
  seconds,
  subscription,
  unique,
} from '@vantage/stripe-testing';

/**
 * Revenue metrics from what webhooks stored (the arithmetic itself is proven on a larger
 * hand-computed fixture in src/metrics/revenue-metrics.spec.ts): a yearly plan with a 25%
 * discount and 2 seats, upgraded, a cancelled monthly plan, a payment and a refund.
 */
describe('revenue metrics over the transport', () => {
  let billing: Billing;
  let client: RedisStreamsClient;
  const operatorOrg = unique('org');

  beforeAll(async () => {
    billing = await startBilling({ BILLING_OPERATOR_ORG_IDS: `org_unused,${operatorOrg}` });
    client = await connectBillingClient(billing);
    // Metrics are business-wide: start from none of an earlier run's history in this database.
    for (const name of ['subscription_revisions', 'invoices', 'charge_refunds']) {
      await database(billing).collection(name).deleteMany({});
    }
    const stripe = new Caller(client, null);
    const a = { org: unique('org'), cus: unique('cus'), sub: unique('sub') };
    const b = { org: unique('org'), cus: unique('cus'), sub: unique('sub') };
    const events = [
      // A: 2 seats of pro yearly ($480/yr each) at 25% off from May 1 = 2 × 4,000 × 0.75 = 6,000/mo;
      // May 20: enterprise monthly, 2 seats, same discount = 2 × 49,900 × 0.75 = 74,850/mo.
      event(
        'customer.subscription.created',
        subscription({
          id: a.sub,
          customer: a.cus,
          orgId: a.org,
          status: 'active',
          created: seconds(2026, 5, 1),
          price: PRICES.proYearly,
          quantity: 2,
          percentOff: 25,
        }),
        seconds(2026, 5, 1),
      ),
      event(
        'customer.subscription.updated',
        subscription({
          id: a.sub,
          customer: a.cus,
          orgId: a.org,
          status: 'active',
          created: seconds(2026, 5, 1),
          price: PRICES.enterpriseMonthly,
          quantity: 2,
          percentOff: 25,
        }),
        seconds(2026, 5, 20),
      ),
      // B: pro monthly 4,900 since April 10, cancelled June 5.
      event(
        'customer.subscription.created',
        subscription({
          id: b.sub,
          customer: b.cus,
          orgId: b.org,
          status: 'active',
          created: seconds(2026, 4, 10),
        }),
        seconds(2026, 4, 10),
      ),
      event(
        'customer.subscription.deleted',
        subscription({
          id: b.sub,
          customer: b.cus,
          orgId: b.org,
          status: 'canceled',
          created: seconds(2026, 4, 10),
          endedAt: seconds(2026, 6, 5),
        }),
        seconds(2026, 6, 5),
      ),
      event(
        'invoice.paid',
        invoice({
          id: unique('in'),
          customer: b.cus,
          subscription: b.sub,
          status: 'paid',
          created: seconds(2026, 5, 10),
          amount: 4900,
          paidAt: seconds(2026, 5, 10),
        }),
        seconds(2026, 5, 10),
      ),
      event(
        'charge.refunded',
        charge({ id: unique('ch'), customer: b.cus, amountRefunded: 900 }),
        seconds(2026, 6, 6),
      ),
    ];
    for (const signed of events) {
      await deliver(stripe, signed);
      await waitUntil(
        async () => (await storedWebhook(billing, signed.id))?.status === 'processed',
        `event ${signed.id}`,
      );
    }
  });

  afterAll(async () => {
    await client?.close();
    await billing?.close();
  });

  it('computes the months from the stored subscriptions, invoices and refunds', async () => {
    const reporting = new Caller(client, null); // a service: no org in the envelope
    const metrics = await reporting.send<RevenueMetricsDto>(BILLING_METRICS_PATTERNS.revenue, {
      from: '2026-05-01T00:00:00Z',
      to: '2026-07-01T00:00:00Z',
      granularity: 'month',
    });

    expect(metrics.periods).toHaveLength(2);
    expect(metrics.periods[0]).toMatchObject({
      startingMrr: 4900,
      mrr: 4900 + 74_850,
      newMrr: 74_850,
      expansionMrr: 0,
      churnedMrr: 0,
      activeSubscriptions: { pro: 1, enterprise: 1, other: 0 },
      revenueCollected: 4900,
    });
    expect(metrics.periods[1]).toMatchObject({
      startingMrr: 79_750,
      mrr: 74_850,
      churnedMrr: 4900,
      netNewMrr: -4900,
      churnedCustomers: 1,
      customerChurnRate: 0.5,
      revenueChurnRate: 0.0614, // 4,900 / 79,750
      revenueCollected: -900,
    });
  });

  it('answers operators, and refuses other orgs (403) and ranges too long or reversed (400)', async () => {
    const query = { from: '2026-05-01T00:00:00Z', to: '2026-06-01T00:00:00Z' };
    const operator = new Caller(client, operatorOrg);

    expect(
      (await operator.send<RevenueMetricsDto>(BILLING_METRICS_PATTERNS.revenue, query)).granularity,
    ).toBe('month');
    expect((await new Caller(client).failure(BILLING_METRICS_PATTERNS.revenue, query)).status).toBe(
      403,
    );
    expect(
      (await operator.failure(BILLING_METRICS_PATTERNS.revenue, { from: query.to, to: query.from }))
        .status,
    ).toBe(400);
    expect(
      (
        await operator.failure(BILLING_METRICS_PATTERNS.revenue, {
          from: '2000-01-01T00:00:00Z',
          to: '2026-01-01T00:00:00Z',
          granularity: 'week',
        })
      ).status,
    ).toBe(400);
  });
});
