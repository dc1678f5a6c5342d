import { BILLING_PATTERNS, type SubscriptionDto } from '@vantage/contracts';
import { testTransportPrefix } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import { BillingMessaging } from '../src/messaging/billing-messaging';
import {
  type Billing,
  Caller,
  connectBillingClient,
  database,
  deliver,
  startBilling,
  type StoredWebhook,
} from './support/billing-harness';
import { checkoutSession, event, PRICES, subscription, unique } from '@vantage/stripe-testing';

/** Two billing replicas on one transport and database, as production runs them. */
describe('webhooks with two billing replicas', () => {
  let replicas: Billing[];
  let client: RedisStreamsClient;

  beforeAll(async () => {
    const shared = { TRANSPORT_PREFIX: testTransportPrefix() };
    replicas = [await startBilling(shared), await startBilling(shared)];
    client = await connectBillingClient(replicas[0] as Billing);
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all((replicas ?? []).map((replica) => replica.close()));
  });

  it('processes every event exactly once, however often it is delivered or queued', async () => {
    const stripe = new Caller(client, null);
    const now = Math.floor(Date.now() / 1000);
    const orgs = Array.from({ length: 8 }, () => ({
      org: new Caller(client),
      customer: unique('cus'),
      subscription: unique('sub'),
    }));
    const events = orgs.flatMap(({ org, customer, subscription: sub }, index) => [
      event(
        'checkout.session.completed',
        checkoutSession({ orgId: org.orgId ?? '', customer, subscription: sub }),
        now - 60,
      ),
      event(
        'customer.subscription.created',
        subscription({
          id: sub,
          customer,
          orgId: org.orgId ?? '',
          status: 'incomplete',
          created: now - 50,
        }),
        now - 50,
      ),
      event(
        'customer.subscription.updated',
        subscription({
          id: sub,
          customer,
          orgId: org.orgId ?? '',
          status: 'active',
          created: now - 50,
          price: index % 2 ? PRICES.enterpriseMonthly : PRICES.proYearly,
        }),
        now - 40,
      ),
    ]);

    // Stripe delivers each event twice, at once; each replica also queues each one again.
    await Promise.all([...events, ...events].map((signed) => deliver(stripe, signed)));
    await Promise.all(
      replicas.flatMap((replica) =>
        events.map((signed) => replica.app.get(BillingMessaging).processWebhook(signed.id)),
      ),
    );

    const stored = database(replicas[0] as Billing).collection<StoredWebhook>('webhook_events');
    const ids = events.map((signed) => signed.id);
    await waitUntil(
      async () =>
        (await stored.countDocuments({ _id: { $in: ids }, status: 'processed' })) === ids.length,
      'every event processed',
      45_000,
    );
    const records = await stored.find({ _id: { $in: ids } }).toArray();
    expect(records).toHaveLength(ids.length);
    expect(records.every((record) => record.completions === 1 && record.attempts === 1)).toBe(true);
    const revisions = await database(replicas[0] as Billing)
      .collection('subscription_revisions')
      .countDocuments({ subscriptionId: { $in: orgs.map((org) => org.subscription) } });
    expect(revisions).toBe(orgs.length * 2);
    for (const [index, { org }] of orgs.entries()) {
      expect(await org.send<SubscriptionDto>(BILLING_PATTERNS.getSubscription)).toMatchObject({
        status: 'active',
        plan: index % 2 ? 'enterprise' : 'pro',
      });
    }
  }, 60_000);
});
