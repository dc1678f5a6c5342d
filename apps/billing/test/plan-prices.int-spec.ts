import {
  BILLING_INTERVALS,
  BILLING_PATTERNS,
  type CheckoutSessionDto,
  type InvoiceListDto,
  PAID_PLANS,
  type PortalSessionDto,
  standInPriceId,
  type SubscriptionDto,
} from '@vantage/contracts';
import { startTestService } from '@vantage/service-runtime/testing';
import { event, signature, subscription, unique } from '@vantage/stripe-testing';
import { DEVELOPMENT_WEBHOOK_SECRET } from '@vantage/stripe-webhooks';
import type { RedisStreamsClient } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import type Stripe from 'stripe';
import { billingService } from '../src/service-definition';
import { StripeGateway } from '../src/stripe/stripe-gateway';
import {
  type Billing,
  Caller,
  connectBillingClient,
  database,
  deliver,
  storedWebhook,
  stripeMockUrl,
} from './support/billing-harness';

const checkoutInput = (plan: string, interval: string) => ({
  plan,
  interval,
  successUrl: 'https://app.example.com/billing?done=1',
  cancelUrl: 'https://app.example.com/billing',
  ownerEmail: 'owner@example.com',
});

/**
 * What `npm start` and the e2e system give billing about Stripe: stripe-mock's address (from
 * tools/infra) and nothing else, so that every other setting is billing's own default.
 */
function localDefaults(): Record<string, string> {
  return { STRIPE_API_URL: stripeMockUrl() };
}

describe('billing on the local defaults (npm start, e2e) against stripe-mock', () => {
  let billing: Billing;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    billing = await startTestService(billingService, { env: localDefaults() });
    client = await connectBillingClient(billing);
  });

  afterAll(async () => {
    await client?.close();
    await billing?.close();
  });

  it('creates a Checkout Session for every paid plan and interval', async () => {
    const org = new Caller(client);

    for (const plan of PAID_PLANS) {
      for (const interval of BILLING_INTERVALS) {
        const session = await org.send<CheckoutSessionDto>(
          BILLING_PATTERNS.createCheckoutSession,
          checkoutInput(plan, interval),
        );
        expect(session.id).toMatch(/^cs_/);
        expect(session.url).toMatch(/^https:\/\//);
      }
    }
  });

  it('answers every other route of an org: portal, subscription from a webhook, cancel, resume, invoices', async () => {
    const org = new Caller(client);
    await org.send(BILLING_PATTERNS.createCheckoutSession, checkoutInput('pro', 'month'));
    const account = await database(billing)
      .collection('billing_accounts')
      .findOne({ _id: org.orgId as never });
    const created = Math.floor(Date.now() / 1000) - 60;
    const signed = event(
      'customer.subscription.created',
      subscription({
        id: unique('sub'),
        customer: String(account?.['customerId']),
        status: 'active',
        created,
        price: { id: standInPriceId('pro', 'month'), unitAmount: 4900, interval: 'month' },
      }),
      created,
    );
    // Signed as `stripe trigger` would against the local default webhook secret.
    await deliver(
      new Caller(client, null),
      signed,
      signature(signed.payload, DEVELOPMENT_WEBHOOK_SECRET),
    );
    await waitUntil(
      async () => (await storedWebhook(billing, signed.id))?.status === 'processed',
      'the subscription event to be processed',
    );

    const portal = await org.send<PortalSessionDto>(BILLING_PATTERNS.createPortalSession, {
      returnUrl: 'https://app.example.com/billing',
    });
    const current = await org.send<SubscriptionDto>(BILLING_PATTERNS.getSubscription);
    const cancelled = await org.send<SubscriptionDto>(BILLING_PATTERNS.cancelSubscription);
    const resumed = await org.send<SubscriptionDto>(BILLING_PATTERNS.resumeSubscription);
    const invoices = await org.send<InvoiceListDto>(BILLING_PATTERNS.listInvoices, {});

    expect(portal.url).toMatch(/^https:\/\//);
    expect(current).toMatchObject({ plan: 'pro', subscribedPlan: 'pro', interval: 'month' });
    expect(cancelled.cancelAtPeriodEnd).toBe(true);
    expect(resumed.cancelAtPeriodEnd).toBe(false);
    expect(invoices).toEqual({ items: [], next: null });
  });
});

describe('billing in production without a price for a plan it sells', () => {
  let billing: Billing;
  let client: RedisStreamsClient;
  const requests: string[] = [];

  beforeAll(async () => {
    billing = await startTestService(billingService, {
      env: {
        ...localDefaults(),
        NODE_ENV: 'production',
        // Keys of its own (production refuses the published ones); stripe-mock takes any.
        STRIPE_SECRET_KEY: 'sk_test_planPricesIntSpec',
        STRIPE_WEBHOOK_SECRET: 'whsec_plan_prices_int_spec',
        STRIPE_PRICE_PRO_MONTHLY: 'price_pro_monthly_seeded',
      },
    });
    billing.app.get(StripeGateway).stripe.on('request', (request: Stripe.RequestEvent) => {
      requests.push(`${request.method} ${request.path}`);
    });
    client = await connectBillingClient(billing);
  });

  afterAll(async () => {
    await client?.close();
    await billing?.close();
  });

  it('answers 503 BILLING_PRICE_NOT_CONFIGURED naming the variable to set, not a 400, and calls nothing', async () => {
    const org = new Caller(client);

    const problem = await org.failure(
      BILLING_PATTERNS.createCheckoutSession,
      checkoutInput('enterprise', 'year'),
    );

    expect(problem).toMatchObject({ status: 503, code: 'BILLING_PRICE_NOT_CONFIGURED' });
    expect(problem.message).toContain('STRIPE_PRICE_ENTERPRISE_YEARLY');
    expect(requests).toEqual([]);
  });

  it('still sells the plan it has a price for, and refuses a plan that does not exist with 400', async () => {
    const org = new Caller(client);

    const session = await org.send<CheckoutSessionDto>(
      BILLING_PATTERNS.createCheckoutSession,
      checkoutInput('pro', 'month'),
    );
    const unknown = await org.failure(
      BILLING_PATTERNS.createCheckoutSession,
      checkoutInput('platinum', 'month'),
    );

    expect(session.id).toMatch(/^cs_/);
    expect(unknown).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
