import { BILLING_PATTERNS } from '@vantage/contracts';
import type { RedisStreamsServer } from '@vantage/transport';
import Stripe from 'stripe';
import { billingStandIn, UNPRICED_PLAN } from './support/billing-stand-in';
import { call, createApiKey, type Gateway, type Session } from './support/gateway-api';
import {
  type Received,
  startGatewayWithStandIn,
  startStandIn,
} from './support/gateway-with-stand-in';

const SECRET = 'whsec_gateway_billing_api_test';
const BILLING_STAND_IN = billingStandIn(SECRET);

describe('billing API (gateway routes)', () => {
  let gateway: Gateway;
  let standIn: RedisStreamsServer;
  let owner: Session;
  let admin: Session;
  let viewer: Session;
  let received: Received[];

  beforeAll(async () => {
    const api = await startGatewayWithStandIn({
      env: { ROUTE_TIMEOUT_MS: '1000', STRIPE_WEBHOOK_SECRET: SECRET },
      standIn: BILLING_STAND_IN,
      members: ['admin', 'viewer'],
    });
    ({ gateway, standIn, received, owner } = api);
    ({ admin, viewer } = api.members);
  });

  beforeEach(() => {
    received.length = 0;
  });

  afterAll(async () => {
    await standIn?.close();
    await gateway?.close();
  });

  /** A body as Stripe formats it: its own key order and spacing, which must reach billing as is. */
  const stripeBody = (id: string) =>
    `{\n  "id": "${id}",\n  "object": "event",\n  "created": ${Math.floor(Date.now() / 1000)},\n  "type": "invoice.paid",\n  "data": {"object": {"id": "in_1", "amount_paid": 4900.0}}\n}`;

  const postWebhook = (body: string, headers: Record<string, string>) =>
    call(gateway, 'POST', '/api/v1/billing/webhooks/stripe', { body, headers });

  it('forwards the webhook body byte for byte with its signature, without credentials', async () => {
    const body = stripeBody('evt_gateway_raw_1');
    const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });

    const response = await postWebhook(body, { 'stripe-signature': header });

    expect(response.status).toBe(200);
    expect(response.body).toEqual({
      received: true,
      eventId: 'evt_gateway_raw_1',
      duplicate: false,
    });
    expect(received).toHaveLength(1);
    expect(received[0]?.payload).toEqual({ payload: body, signature: header });
    expect(received[0]?.envelope.orgId).toBeUndefined();
  });

  it('answers a bad signature with 400 problem+json', async () => {
    const body = stripeBody('evt_gateway_raw_2');
    const header = Stripe.webhooks.generateTestHeaderString({
      payload: body,
      secret: 'whsec_other',
    });

    const response = await postWebhook(body, { 'stripe-signature': header });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body['detail']).toContain('no valid signature');
  });

  it('answers a missing signature with 400 without calling billing', async () => {
    const response = await postWebhook(stripeBody('evt_gateway_raw_3'), {});

    expect(response.status).toBe(400);
    expect(response.body['detail']).toContain('Stripe-Signature');
    expect(received).toEqual([]);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const response = await call(gateway, 'POST', '/api/v1/billing/webhooks/stripe', {
      body: 'id=evt_1',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        'stripe-signature': 't=1,v1=x',
      },
    });

    expect(response.status).toBe(415);
    expect(received).toEqual([]);
  });

  it('still parses JSON bodies of other routes as before', async () => {
    const response = await call(gateway, 'POST', '/api/v1/billing/portal-session', {
      token: owner.accessToken,
      body: { returnUrl: 'https://app.example.com/billing' },
    });

    expect(response.status).toBe(201);
    expect(received[0]?.payload).toEqual({ returnUrl: 'https://app.example.com/billing' });
  });

  it("starts a checkout for an admin with the owner's e-mail and the org in the envelope", async () => {
    const body = {
      plan: 'pro',
      interval: 'year',
      successUrl: 'https://a.example/ok',
      cancelUrl: 'https://a.example/no',
    };

    const response = await call(gateway, 'POST', '/api/v1/billing/checkout-session', {
      token: admin.accessToken,
      body,
    });

    expect(response.status).toBe(201);
    expect(received[0]).toMatchObject({
      pattern: BILLING_PATTERNS.createCheckoutSession,
      payload: { ...body, ownerEmail: owner.user.email },
      envelope: { orgId: owner.organization.id, actor: { kind: 'user', id: admin.user.id } },
    });
  });

  it("answers billing's missing price as 503 problem+json with its code and the operator's hint, not as the client's fault", async () => {
    const response = await call(gateway, 'POST', '/api/v1/billing/checkout-session', {
      token: admin.accessToken,
      body: {
        ...UNPRICED_PLAN,
        successUrl: 'https://a.example/ok',
        cancelUrl: 'https://a.example/no',
      },
    });

    expect(response.status).toBe(503);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status: 503,
      code: 'BILLING_PRICE_NOT_CONFIGURED',
      type: 'https://vantage.dev/problems/billing-price-not-configured',
      detail: expect.stringContaining('STRIPE_PRICE_ENTERPRISE_YEARLY'),
    });
    // Billing answered: its circuit breaker stays closed for the next request.
    const next = await call(gateway, 'GET', '/api/v1/billing/subscription', {
      token: admin.accessToken,
    });
    expect(next.status).toBe(200);
  });

  it('documents the 503 of a missing price, with its code, on the checkout route', async () => {
    const document = (await (await gateway.fetch('/docs-json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { description: string }> }>>;
    };

    const responses = document.paths['/api/v1/billing/checkout-session']?.['post']?.responses;
    expect(responses?.['503']?.description).toContain('BILLING_PRICE_NOT_CONFIGURED');
  });

  it('keeps billing changes from viewers and API keys (403) and refuses bad input (400)', async () => {
    const key = await createApiKey(gateway, owner, ['admin']);
    const body = {
      plan: 'pro',
      successUrl: 'https://a.example/ok',
      cancelUrl: 'https://a.example/no',
    };

    const asViewer = await call(gateway, 'POST', '/api/v1/billing/checkout-session', {
      token: viewer.accessToken,
      body,
    });
    const asKey = await call(gateway, 'POST', '/api/v1/billing/subscription/cancel', {
      apiKey: key.key,
    });
    const badPlan = await call(gateway, 'POST', '/api/v1/billing/checkout-session', {
      token: owner.accessToken,
      body: { ...body, plan: 'free', successUrl: 'javascript:alert(1)' },
    });

    expect([asViewer.status, asKey.status, badPlan.status]).toEqual([403, 403, 400]);
    expect(received).toEqual([]);
  });

  it('lets every member read the subscription; cancel, resume and invoices are for admins', async () => {
    expect(
      (await call(gateway, 'GET', '/api/v1/billing/subscription', { token: viewer.accessToken }))
        .status,
    ).toBe(200);
    expect(
      (await call(gateway, 'GET', '/api/v1/billing/invoices', { token: viewer.accessToken }))
        .status,
    ).toBe(403);
    const invoices = await call(gateway, 'GET', '/api/v1/billing/invoices?limit=5', {
      token: admin.accessToken,
    });
    const cancel = await call(gateway, 'POST', '/api/v1/billing/subscription/cancel', {
      token: owner.accessToken,
    });
    const resume = await call(gateway, 'POST', '/api/v1/billing/subscription/resume', {
      token: owner.accessToken,
    });

    expect([invoices.status, cancel.status, resume.status]).toEqual([200, 200, 200]);
    expect(received.map((message) => message.pattern)).toEqual([
      BILLING_PATTERNS.getSubscription,
      BILLING_PATTERNS.listInvoices,
      BILLING_PATTERNS.cancelSubscription,
      BILLING_PATTERNS.resumeSubscription,
    ]);
    expect(received[1]?.payload).toEqual({ limit: 5 });
  });

  it('forwards the revenue metrics query and the failed-webhook list for admins', async () => {
    const metrics = await call(
      gateway,
      'GET',
      '/api/v1/billing/metrics?from=2026-01-01T00:00:00Z&to=2026-04-01T00:00:00Z&granularity=week',
      {
        token: admin.accessToken,
      },
    );
    const failed = await call(gateway, 'GET', '/api/v1/billing/webhooks/failed', {
      token: owner.accessToken,
    });
    const replay = await call(gateway, 'POST', '/api/v1/billing/webhooks/failed', {
      token: owner.accessToken,
      body: { eventIds: ['evt_1'] },
    });
    const badRange = await call(gateway, 'GET', '/api/v1/billing/metrics?from=yesterday', {
      token: admin.accessToken,
    });

    expect([metrics.status, failed.status, replay.status, badRange.status]).toEqual([
      200, 200, 200, 400,
    ]);
    expect(received[0]?.payload).toEqual({
      from: '2026-01-01T00:00:00Z',
      to: '2026-04-01T00:00:00Z',
      granularity: 'week',
    });
  });

  it('answers 503 with Retry-After when billing does not answer', async () => {
    await standIn.close();
    try {
      const body = stripeBody('evt_gateway_raw_4');
      const header = Stripe.webhooks.generateTestHeaderString({ payload: body, secret: SECRET });

      const response = await postWebhook(body, { 'stripe-signature': header });

      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).not.toBeNull();
    } finally {
      standIn = await startStandIn(gateway, BILLING_STAND_IN, received);
    }
  });
});
