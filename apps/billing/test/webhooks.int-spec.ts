import {
  BILLING_PATTERNS,
  BILLING_WEBHOOK_PATTERNS,
  type FailedWebhookListDto,
  type InvoiceListDto,
  type ReplayFailedWebhooksResultDto,
  type SubscriptionDto,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import {
  type Billing,
  Caller,
  connectBillingClient,
  database,
  deliver,
  Observers,
  startBilling,
  storedWebhook,
  WEBHOOK_SECRET,
} from './support/billing-harness';
import {
  charge,
  checkoutSession,
  customer,
  event,
  invoice,
  PRICES,
  signature,
  subscription,
  unique,
} from '@vantage/stripe-testing';

describe('Stripe webhooks (billing over the transport)', () => {
  let billing: Billing;
  let client: RedisStreamsClient;
  let gatewayCaller: Caller;
  const observers = new Observers();
  const now = () => Math.floor(Date.now() / 1000);

  beforeAll(async () => {
    // Grace 0 days with a fast sweep: a failed payment lowers the plan at the next sweep.
    billing = await startBilling({ DUNNING_GRACE_DAYS: '0', DUNNING_SWEEP_INTERVAL_MS: '150' });
    client = await connectBillingClient(billing);
    await observers.start(billing);
    // The webhook route is public: the gateway forwards it with no org in the envelope.
    gatewayCaller = new Caller(client, null);
  });

  afterAll(async () => {
    await observers.stop();
    await client?.close();
    await billing?.close();
  });

  const settled = (id: string) =>
    waitUntil(async () => {
      const stored = await storedWebhook(billing, id);
      return stored !== null && ['processed', 'ignored', 'failed'].includes(stored.status);
    }, `webhook ${id} to settle`);

  async function deliverAndSettle(signed: ReturnType<typeof event>) {
    const receipt = await deliver(gatewayCaller, signed);
    expect(receipt).toEqual({ received: true, eventId: signed.id, duplicate: false });
    await settled(signed.id);
    return storedWebhook(billing, signed.id);
  }

  /** An org whose checkout completed: its customer is linked. */
  async function subscribedOrg() {
    const org = new Caller(client);
    const ids = { customer: unique('cus'), subscription: unique('sub') };
    const linked = await deliverAndSettle(
      event(
        'checkout.session.completed',
        checkoutSession({
          orgId: org.orgId ?? '',
          customer: ids.customer,
          subscription: ids.subscription,
        }),
        now() - 100,
      ),
    );
    expect(linked?.status).toBe('processed');
    return { org, ...ids };
  }

  const subscriptionOf = (org: Caller) =>
    org.send<SubscriptionDto>(BILLING_PATTERNS.getSubscription);

  it('verifies, stores and processes a signed event: the org gets its plan, the gateways hear it', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();

    const stored = await deliverAndSettle(
      event(
        'customer.subscription.created',
        subscription({
          id: sub,
          customer: cus,
          status: 'active',
          created: now() - 50,
          price: PRICES.enterpriseYearly,
        }),
        now() - 50,
      ),
    );

    expect(stored).toMatchObject({ status: 'processed', attempts: 1, completions: 1 });
    expect(await subscriptionOf(org)).toMatchObject({
      plan: 'enterprise',
      status: 'active',
      subscriptionId: sub,
      subscribedPlan: 'enterprise',
      interval: 'year',
      cancelAtPeriodEnd: false,
      dunning: null,
    });
    await waitUntil(
      () =>
        observers.planChanges.some(
          (change) => change.orgId === org.orgId && change.plan === 'enterprise',
        ),
      'the plan change broadcast',
    );
  });

  it('refuses a bad signature with 400 and stores nothing', async () => {
    const signed = event(
      'customer.subscription.updated',
      subscription({
        id: unique('sub'),
        customer: unique('cus'),
        status: 'active',
        created: now(),
      }),
      now(),
    );

    const problem = await gatewayCaller.failure(BILLING_WEBHOOK_PATTERNS.receive, {
      payload: signed.payload,
      signature: signature(signed.payload, 'whsec_someone_else'),
    });

    expect(problem).toMatchObject({
      status: 400,
      message: expect.stringContaining('no valid signature'),
    });
    expect(await storedWebhook(billing, signed.id)).toBeNull();
  });

  it('refuses a missing or malformed signature with 400', async () => {
    const signed = event(
      'customer.updated',
      customer({ id: unique('cus'), email: 'a@example.com' }),
      now(),
    );

    for (const header of ['', 'garbage', 't=abc']) {
      const problem = await gatewayCaller.failure(BILLING_WEBHOOK_PATTERNS.receive, {
        payload: signed.payload,
        signature: header,
      });
      expect(problem.status).toBe(400);
    }
    expect(await storedWebhook(billing, signed.id)).toBeNull();
  });

  it('refuses a body changed after signing with 400', async () => {
    const signed = event(
      'customer.updated',
      customer({ id: unique('cus'), email: 'a@example.com' }),
      now(),
    );
    const header = signature(signed.payload, WEBHOOK_SECRET);

    const problem = await gatewayCaller.failure(BILLING_WEBHOOK_PATTERNS.receive, {
      payload: signed.payload.replace('a@example.com', 'evil@example.com'),
      signature: header,
    });

    expect(problem.status).toBe(400);
    expect(await storedWebhook(billing, signed.id)).toBeNull();
  });

  it('refuses a signature whose timestamp is outside the tolerance with 400', async () => {
    const signed = event(
      'customer.updated',
      customer({ id: unique('cus'), email: 'a@example.com' }),
      now(),
    );
    const stale = signature(signed.payload, WEBHOOK_SECRET, now() - 301);

    const problem = await gatewayCaller.failure(BILLING_WEBHOOK_PATTERNS.receive, {
      payload: signed.payload,
      signature: stale,
    });

    expect(problem).toMatchObject({ status: 400, message: expect.stringContaining('tolerance') });
    expect(await storedWebhook(billing, signed.id)).toBeNull();
  });

  it('answers a redelivered event with 200 and changes nothing', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const signed = event(
      'customer.subscription.created',
      subscription({ id: sub, customer: cus, status: 'active', created: now() - 40 }),
      now() - 40,
    );
    await deliverAndSettle(signed);
    const changesBefore = observers.planChanges.filter(
      (change) => change.orgId === org.orgId,
    ).length;

    const again = await deliver(gatewayCaller, signed);
    const andAgain = await deliver(gatewayCaller, signed);

    expect(again).toEqual({ received: true, eventId: signed.id, duplicate: true });
    expect(andAgain.duplicate).toBe(true);
    expect(await storedWebhook(billing, signed.id)).toMatchObject({ attempts: 1, completions: 1 });
    const revisions = await database(billing)
      .collection('subscription_revisions')
      .countDocuments({ subscriptionId: sub });
    expect(revisions).toBe(1);
    expect(observers.planChanges.filter((change) => change.orgId === org.orgId)).toHaveLength(
      changesBefore,
    );
  });

  it('keeps the newest state when an updated event arrives before its created event', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const t = now() - 30;

    await deliverAndSettle(
      event(
        'customer.subscription.updated',
        subscription({ id: sub, customer: cus, status: 'active', created: t }),
        t + 5,
      ),
    );
    await deliverAndSettle(
      event(
        'customer.subscription.created',
        subscription({ id: sub, customer: cus, status: 'incomplete', created: t }),
        t,
      ),
    );

    expect(await subscriptionOf(org)).toMatchObject({ plan: 'pro', status: 'active' });
  });

  it('keeps a subscription deleted when its deletion arrives before an earlier update', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const t = now() - 30;
    await deliverAndSettle(
      event(
        'customer.subscription.created',
        subscription({ id: sub, customer: cus, status: 'active', created: t }),
        t,
      ),
    );

    await deliverAndSettle(
      event(
        'customer.subscription.deleted',
        subscription({ id: sub, customer: cus, status: 'canceled', created: t, endedAt: t + 20 }),
        t + 20,
      ),
    );
    await deliverAndSettle(
      event(
        'customer.subscription.updated',
        subscription({
          id: sub,
          customer: cus,
          status: 'active',
          created: t,
          cancelAtPeriodEnd: true,
        }),
        t + 10,
      ),
    );

    expect(await subscriptionOf(org)).toMatchObject({ plan: 'free', status: 'canceled' });
  });

  it('acknowledges an event type it does not use with 200 and ignores it', async () => {
    const stored = await deliverAndSettle(
      event('payout.paid', { id: unique('po'), object: 'payout' }, now()),
    );

    expect(stored).toMatchObject({ status: 'ignored', completions: 1 });
  });

  it('retries a failed processing with backoff until it succeeds', async () => {
    // The subscription's events come before the checkout that links its customer to the org.
    const org = new Caller(client);
    const cus = unique('cus');
    const sub = unique('sub');
    const early = event(
      'customer.subscription.created',
      subscription({ id: sub, customer: cus, status: 'active', created: now() - 20 }),
      now() - 20,
    );
    await deliver(gatewayCaller, early);
    await waitUntil(
      async () => (await storedWebhook(billing, early.id))?.status === 'retrying',
      'a failed first attempt',
    );
    expect((await storedWebhook(billing, early.id))?.lastError).toContain(`customer ${cus}`);

    await deliverAndSettle(
      event(
        'checkout.session.completed',
        checkoutSession({ orgId: org.orgId ?? '', customer: cus, subscription: sub }),
        now() - 10,
      ),
    );
    await settled(early.id);

    const stored = await storedWebhook(billing, early.id);
    expect(stored?.status).toBe('processed');
    expect(stored?.attempts).toBeGreaterThanOrEqual(2);
    expect(stored?.completions).toBe(1);
    expect(await subscriptionOf(org)).toMatchObject({ plan: 'pro', status: 'active' });
  });

  it('puts an event that keeps failing on the failed list, where an operator replays it', async () => {
    const cus = unique('cus');
    const sub = unique('sub');
    const doomed = event(
      'customer.subscription.created',
      subscription({ id: sub, customer: cus, status: 'active', created: now() - 20 }),
      now() - 20,
    );
    await deliver(gatewayCaller, doomed);
    await settled(doomed.id);
    expect(await storedWebhook(billing, doomed.id)).toMatchObject({
      status: 'failed',
      attempts: 3,
    });

    const operator = new Caller(client, null);
    const list = await operator.send<FailedWebhookListDto>(BILLING_WEBHOOK_PATTERNS.listFailed, {});
    expect(list.items.find((item) => item.eventId === doomed.id)).toMatchObject({
      type: 'customer.subscription.created',
      attempts: 3,
      lastError: expect.stringContaining(cus),
    });

    const org = new Caller(client);
    await deliverAndSettle(
      event(
        'checkout.session.completed',
        checkoutSession({ orgId: org.orgId ?? '', customer: cus, subscription: sub }),
        now() - 10,
      ),
    );
    const replay = await operator.send<ReplayFailedWebhooksResultDto>(
      BILLING_WEBHOOK_PATTERNS.replayFailed,
      {
        eventIds: [doomed.id, 'evt_never_seen'],
      },
    );
    expect(replay).toEqual({ replayed: [doomed.id], notFailed: ['evt_never_seen'] });
    await waitUntil(
      async () => (await storedWebhook(billing, doomed.id))?.status === 'processed',
      'the replay',
    );
    expect(await subscriptionOf(org)).toMatchObject({ plan: 'pro' });
  });

  it('keeps the failed list from members of orgs that are not operators', async () => {
    const member = new Caller(client);

    const problem = await member.failure(BILLING_WEBHOOK_PATTERNS.listFailed, {});

    expect(problem.status).toBe(403);
  });

  it('starts dunning on a failed payment: the owner is mailed, the plan drops after the grace period, paying restores it', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const t = now() - 60;
    await deliverAndSettle(
      event('customer.updated', customer({ id: cus, email: 'owner-billing@example.com' }), t),
    );
    await deliverAndSettle(
      event(
        'customer.subscription.created',
        subscription({ id: sub, customer: cus, status: 'active', created: t }),
        t,
      ),
    );
    const invoiceId = unique('in');
    const unpaid = invoice({
      id: invoiceId,
      customer: cus,
      subscription: sub,
      status: 'open',
      created: t + 1,
      amount: 4900,
      attemptCount: 1,
      nextPaymentAttempt: t + 86_400,
    });

    await deliverAndSettle(event('invoice.payment_failed', unpaid, t + 2));

    await waitUntil(
      () =>
        observers.dunningMails.some(
          (mail) => mail.kind === 'downgraded' && mail.orgId === org.orgId,
        ),
      'the downgrade mail',
    );
    const mails = observers.dunningMails.filter((mail) => mail.orgId === org.orgId);
    expect(mails[0]).toMatchObject({
      kind: 'payment-failed',
      dedupeKey: `${invoiceId}:payment-failed:1`,
      recipients: ['owner-billing@example.com'],
      plan: 'pro',
      invoiceId,
      amountDue: 4900,
      currency: 'usd',
      hostedInvoiceUrl: `https://invoice.stripe.com/i/acct_fixture/${invoiceId}`,
      attemptCount: 1,
    });
    expect(mails[1]).toMatchObject({
      kind: 'downgraded',
      dedupeKey: `${invoiceId}:downgraded`,
      plan: 'pro',
    });
    expect(await subscriptionOf(org)).toMatchObject({
      plan: 'free',
      dunning: { invoiceId, downgraded: true },
    });
    await waitUntil(
      () =>
        observers.planChanges.some(
          (change) => change.orgId === org.orgId && change.plan === 'free',
        ),
      'the free plan broadcast',
    );

    await deliverAndSettle(
      event(
        'invoice.paid',
        invoice({
          id: invoiceId,
          customer: cus,
          subscription: sub,
          status: 'paid',
          created: t + 1,
          amount: 4900,
          paidAt: t + 3,
        }),
        t + 3,
      ),
    );

    expect(await subscriptionOf(org)).toMatchObject({ plan: 'pro', dunning: null });
  });

  it('does not start dunning for a failure that arrives after the invoice was paid', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const t = now() - 60;
    await deliverAndSettle(
      event(
        'customer.subscription.created',
        subscription({ id: sub, customer: cus, status: 'active', created: t }),
        t,
      ),
    );
    const invoiceId = unique('in');

    await deliverAndSettle(
      event(
        'invoice.paid',
        invoice({
          id: invoiceId,
          customer: cus,
          subscription: sub,
          status: 'paid',
          created: t,
          amount: 4900,
          paidAt: t + 5,
        }),
        t + 5,
      ),
    );
    await deliverAndSettle(
      event(
        'invoice.payment_failed',
        invoice({
          id: invoiceId,
          customer: cus,
          subscription: sub,
          status: 'open',
          created: t,
          amount: 4900,
        }),
        t + 2,
      ),
    );

    expect(await subscriptionOf(org)).toMatchObject({ plan: 'pro', dunning: null });
    expect(observers.dunningMails.filter((mail) => mail.orgId === org.orgId)).toEqual([]);
  });

  it('lists the org’s invoices newest first, with hosted pages and PDFs, page by page', async () => {
    const { org, customer: cus, subscription: sub } = await subscribedOrg();
    const ids = [unique('in'), unique('in'), unique('in')];
    for (const [index, id] of ids.entries()) {
      await deliverAndSettle(
        event(
          'invoice.finalized',
          invoice({
            id,
            customer: cus,
            subscription: sub,
            status: 'open',
            created: now() - 100 + index,
            amount: 4900,
          }),
          now() - 100 + index,
        ),
      );
    }

    const first = await org.send<InvoiceListDto>(BILLING_PATTERNS.listInvoices, { limit: 2 });
    const second = await org.send<InvoiceListDto>(BILLING_PATTERNS.listInvoices, {
      limit: 2,
      after: first.next,
    });

    expect(first.items.map((item) => item.id)).toEqual([ids[2], ids[1]]);
    expect(first.items[0]).toMatchObject({
      status: 'open',
      total: 4900,
      hostedInvoiceUrl: `https://invoice.stripe.com/i/acct_fixture/${ids[2]}`,
      invoicePdf: `https://pay.stripe.com/invoice/acct_fixture/${ids[2]}/pdf`,
    });
    expect(second).toEqual({ items: [expect.objectContaining({ id: ids[0] })], next: null });
    const stranger = new Caller(client);
    expect((await stranger.send<InvoiceListDto>(BILLING_PATTERNS.listInvoices, {})).items).toEqual(
      [],
    );
  });

  it('records refunds and follows the customer’s billing e-mail', async () => {
    const { org, customer: cus } = await subscribedOrg();
    const chargeId = unique('ch');

    await deliverAndSettle(
      event(
        'charge.refunded',
        charge({ id: chargeId, customer: cus, amountRefunded: 1500 }),
        now(),
      ),
    );
    await deliverAndSettle(
      event('customer.updated', customer({ id: cus, email: 'finance@example.com' }), now()),
    );

    const refund = await database(billing).collection('charge_refunds').findOne({ chargeId });
    expect(refund).toMatchObject({ orgId: org.orgId, amountRefunded: 1500, currency: 'usd' });
    const account = await database(billing)
      .collection('billing_accounts')
      .findOne({ _id: org.orgId as never });
    expect(account).toMatchObject({ email: 'finance@example.com', customerId: cus });
  });
});
