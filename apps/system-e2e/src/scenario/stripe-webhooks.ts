// Stripe, as the billing service meets it: signed webhook events POSTed to the public endpoint.
// The events are built from realistic payloads (@vantage/stripe-testing) and signed with the
// endpoint's secret, as Stripe would sign them.
import { standInPriceId } from '@vantage/contracts';
import {
  checkoutSession,
  event,
  invoice,
  signature,
  subscription,
  unique,
} from '@vantage/stripe-testing';
import type { ApiClient, ApiResponse } from '../client/api-client';

/** The pro monthly price billing sells against stripe-mock on its local defaults. */
export const E2E_PRO_MONTHLY = {
  id: standInPriceId('pro', 'month'),
  unitAmount: 4900,
  interval: 'month',
} as const;

export interface Subscriber {
  readonly orgId: string;
  readonly customerId: string;
  readonly subscriptionId: string;
}

export class StripeWebhooks {
  /** Event ids sent, for the checks that nothing was processed twice. */
  readonly sent: string[] = [];

  constructor(
    private readonly client: ApiClient,
    private readonly secret: string,
  ) {}

  static newSubscriber(orgId: string): Subscriber {
    return { orgId, customerId: unique('cus_e2e'), subscriptionId: unique('sub_e2e') };
  }

  /** Checkout completed, subscription created (active, pro monthly) and its first invoice paid, `created` seconds. */
  async subscribeToPro(
    subscriber: Subscriber,
    created: number,
    billingEmail?: string,
  ): Promise<void> {
    const session = checkoutSession({
      orgId: subscriber.orgId,
      customer: subscriber.customerId,
      subscription: subscriber.subscriptionId,
    });
    if (billingEmail)
      session['customer_details'] = {
        ...(session['customer_details'] as object),
        email: billingEmail,
      };
    await this.send('checkout.session.completed', session, created);
    await this.send(
      'customer.subscription.created',
      subscription({
        id: subscriber.subscriptionId,
        customer: subscriber.customerId,
        status: 'active',
        created,
        price: E2E_PRO_MONTHLY,
        orgId: subscriber.orgId,
      }),
      created,
    );
    await this.send(
      'invoice.paid',
      invoice({
        id: unique('in_e2e'),
        customer: subscriber.customerId,
        subscription: subscriber.subscriptionId,
        status: 'paid',
        created,
        amount: E2E_PRO_MONTHLY.unitAmount,
      }),
      created,
    );
  }

  /**
   * The Nth failed attempt to collect an open invoice (Stripe sends a new event per attempt).
   * Delivered like Stripe does: retried until acknowledged, then once more (a duplicate).
   */
  async paymentFailed(subscriber: Subscriber, invoiceId: string, attempt: number): Promise<void> {
    const object = invoice({
      id: invoiceId,
      customer: subscriber.customerId,
      subscription: subscriber.subscriptionId,
      status: 'open',
      created: Math.floor(Date.now() / 1000),
      amount: E2E_PRO_MONTHLY.unitAmount,
      attemptCount: attempt,
      nextPaymentAttempt: Math.floor(Date.now() / 1000) + 86_400,
    });
    const signed = event('invoice.payment_failed', object, Math.floor(Date.now() / 1000));
    for (let delivery = 0; delivery < 2; delivery++) {
      for (;;) {
        const status = await this.post(signed).then(
          (response) => response.status,
          () => 0,
        );
        if (status >= 200 && status < 300) break;
        await new Promise((resolve) => setTimeout(resolve, 500));
      }
    }
    this.sent.push(signed.id);
  }

  /** POSTs a signed event as Stripe does: the raw payload, signed now with the endpoint's secret. */
  private post(signed: { id: string; payload: string }): Promise<ApiResponse> {
    return this.client.call('POST', '/api/v1/billing/webhooks/stripe', {
      body: signed.payload,
      headers: {
        'content-type': 'application/json',
        'stripe-signature': signature(signed.payload, this.secret),
      },
      timeoutMs: 10_000,
    });
  }

  /** POSTs one signed event; resolves with the HTTP status (2xx: stored for processing). */
  async send(type: string, object: Record<string, unknown>, created: number): Promise<number> {
    const signed = event(type, object, created);
    const response = await this.post(signed);
    if (response.status >= 300)
      throw new Error(
        `webhook ${type} answered ${response.status}: ${response.text.slice(0, 300)}`,
      );
    this.sent.push(signed.id);
    return response.status;
  }
}
