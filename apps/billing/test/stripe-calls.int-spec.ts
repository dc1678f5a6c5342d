import {
  BILLING_PATTERNS,
  BILLING_WEBHOOK_PATTERNS,
  type CheckoutSessionDto,
  type PortalSessionDto,
  type SubscriptionDto,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import type Stripe from 'stripe';
import { StripeGateway } from '../src/stripe/stripe-gateway';
import {
  type Billing,
  Caller,
  connectBillingClient,
  database,
  deliver,
  startBilling,
  storedWebhook,
  stripeMockUrl,
} from './support/billing-harness';
import { event, subscription, unique } from '@vantage/stripe-testing';
import { hostAndPort, TcpProxy } from './support/tcp-proxy';

interface StripeRequest {
  readonly method: string;
  readonly path: string;
  readonly idempotencyKey: string | undefined;
}

/** Outbound Stripe calls, made by the official SDK against stripe-mock (through a proxy we can cut). */
describe('Stripe calls (billing against stripe-mock)', () => {
  let proxy: TcpProxy;
  let billing: Billing;
  let client: RedisStreamsClient;
  const requests: StripeRequest[] = [];

  const checkoutInput = (plan = 'pro', interval = 'month') => ({
    plan,
    interval,
    successUrl: 'https://app.example.com/billing?done=1',
    cancelUrl: 'https://app.example.com/billing',
    ownerEmail: 'owner@example.com',
  });

  beforeAll(async () => {
    proxy = new TcpProxy(hostAndPort(stripeMockUrl()));
    await proxy.up();
    billing = await startBilling({
      STRIPE_API_URL: proxy.url,
      STRIPE_BREAKER_FAILURE_THRESHOLD: '2',
      STRIPE_BREAKER_OPEN_MS: '500',
    });
    billing.app.get(StripeGateway).stripe.on('request', (request: Stripe.RequestEvent) => {
      requests.push({
        method: request.method ?? '',
        path: request.path ?? '',
        idempotencyKey: request.idempotency_key,
      });
    });
    client = await connectBillingClient(billing);
  });

  beforeEach(() => {
    requests.length = 0;
  });

  afterAll(async () => {
    await client?.close();
    await billing?.close();
    await proxy?.down();
  });

  const accountOf = (org: Caller) =>
    database(billing)
      .collection('billing_accounts')
      .findOne({ _id: org.orgId as never });

  it('creates the Stripe customer once per org and a Checkout Session, each with an idempotency key', async () => {
    const org = new Caller(client);

    const first = await org.send<CheckoutSessionDto>(
      BILLING_PATTERNS.createCheckoutSession,
      checkoutInput(),
    );
    const second = await org.send<CheckoutSessionDto>(
      BILLING_PATTERNS.createCheckoutSession,
      checkoutInput('enterprise'),
    );

    expect(first.id).toMatch(/^cs_/);
    expect(first.url).toMatch(/^https:\/\/checkout\.stripe\.com\//);
    expect(second.id).not.toBe(first.id);
    expect(requests.map((request) => `${request.method} ${request.path}`)).toEqual([
      'POST /v1/customers',
      'POST /v1/checkout/sessions',
      'POST /v1/checkout/sessions',
    ]);
    expect(requests.every((request) => request.idempotencyKey !== undefined)).toBe(true);
    expect(requests[0]?.idempotencyKey).toBe(`customer:${org.orgId}`);
    const account = await accountOf(org);
    expect(account).toMatchObject({
      customerId: expect.stringMatching(/^cus_/),
      email: 'owner@example.com',
    });
    expect(
      await database(billing)
        .collection('stripe_customers')
        .findOne({ _id: account?.['customerId'] }),
    ).toMatchObject({
      orgId: org.orgId,
    });
  });

  it('opens the customer portal once the org has a customer (404 before)', async () => {
    const org = new Caller(client);
    const input = { returnUrl: 'https://app.example.com/billing' };

    expect((await org.failure(BILLING_PATTERNS.createPortalSession, input)).status).toBe(404);
    await org.send(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
    requests.length = 0;
    const portal = await org.send<PortalSessionDto>(BILLING_PATTERNS.createPortalSession, input);

    expect(portal.url).toMatch(/^https:\/\//);
    expect(requests).toEqual([
      {
        method: 'POST',
        path: '/v1/billing_portal/sessions',
        idempotencyKey: expect.stringMatching(/^portal:/),
      },
    ]);
  });

  it('cancels at period end and resumes through Stripe, and refuses a second checkout meanwhile (409)', async () => {
    const org = new Caller(client);
    await org.send(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
    const customerId = String((await accountOf(org))?.['customerId']);
    const subscriptionId = unique('sub');
    const created = Math.floor(Date.now() / 1000) - 60;
    const signed = event(
      'customer.subscription.created',
      subscription({ id: subscriptionId, customer: customerId, status: 'active', created }),
      created,
    );
    await deliver(new Caller(client, null), signed);
    await waitUntil(
      async () => (await storedWebhook(billing, signed.id))?.status === 'processed',
      'the subscription',
    );
    requests.length = 0;

    expect(
      (await org.failure(BILLING_PATTERNS.createCheckoutSession, checkoutInput())).status,
    ).toBe(409);
    const cancelled = await org.send<SubscriptionDto>(BILLING_PATTERNS.cancelSubscription);
    const again = await org.send<SubscriptionDto>(BILLING_PATTERNS.cancelSubscription);
    const resumed = await org.send<SubscriptionDto>(BILLING_PATTERNS.resumeSubscription);

    expect(cancelled).toMatchObject({ plan: 'pro', status: 'active', cancelAtPeriodEnd: true });
    expect(again.cancelAtPeriodEnd).toBe(true);
    expect(resumed.cancelAtPeriodEnd).toBe(false);
    expect(requests).toEqual([
      {
        method: 'POST',
        path: `/v1/subscriptions/${subscriptionId}`,
        idempotencyKey: expect.stringMatching(/^cancel:/),
      },
      {
        method: 'POST',
        path: `/v1/subscriptions/${subscriptionId}`,
        idempotencyKey: expect.stringMatching(/^resume:/),
      },
    ]);
  });

  it('answers 404 to cancel without a subscription', async () => {
    const org = new Caller(client);

    expect((await org.failure(BILLING_PATTERNS.cancelSubscription)).status).toBe(404);
    expect((await org.failure(BILLING_PATTERNS.resumeSubscription)).status).toBe(404);
  });

  it('answers 503 with Retry-After while Stripe is down, writes nothing, and works again after', async () => {
    const org = new Caller(client);
    await proxy.down();
    try {
      const down = await org.failure(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
      expect(down).toMatchObject({ status: 503, retryAfterSeconds: expect.any(Number) });
      expect((await accountOf(org))?.['customerId'] ?? null).toBeNull();
      // The breaker opened after two failures: the next call fails at once, without a request.
      await org.failure(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
      const before = requests.length;
      const refused = await org.failure(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
      expect(refused.status).toBe(503);
      expect(requests.length).toBe(before);
    } finally {
      await proxy.up();
    }
    await waitUntil(async () => {
      try {
        await org.send(BILLING_PATTERNS.createCheckoutSession, checkoutInput());
        return true;
      } catch {
        return false;
      }
    }, 'Stripe to answer again');
    expect((await accountOf(org))?.['customerId']).toMatch(/^cus_/);
  });

  it('does not let the webhook endpoint depend on Stripe being up', async () => {
    await proxy.down();
    try {
      const signed = event(
        'payout.paid',
        { id: unique('po'), object: 'payout' },
        Math.floor(Date.now() / 1000),
      );
      const receipt = await deliver(new Caller(client, null), signed);
      expect(receipt.duplicate).toBe(false);
      expect(
        await new Caller(client, null).send(BILLING_WEBHOOK_PATTERNS.listFailed, {}),
      ).toBeDefined();
    } finally {
      await proxy.up();
    }
  });
});
