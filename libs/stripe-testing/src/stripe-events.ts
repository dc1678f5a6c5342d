import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Stripe from 'stripe';

/**
 * Stripe objects and events for tests, built from the realistic payloads in ./fixtures (as
 * Stripe sends them for API version 2026-10-28) with the fields a test cares about replaced.
 */
type Json = Record<string, unknown>;

function fixture(name: string): Json {
  return JSON.parse(readFileSync(path.join(__dirname, 'fixtures', `${name}.json`), 'utf8')) as Json;
}

export function unique(prefix: string): string {
  return `${prefix}_${randomBytes(8).toString('hex')}`;
}

/** Unix seconds of a UTC date. */
export function seconds(year: number, month: number, day: number, hour = 0): number {
  return Date.UTC(year, month - 1, day, hour) / 1000;
}

export interface PriceSpec {
  readonly id: string;
  readonly unitAmount: number;
  readonly interval: 'month' | 'year';
  readonly lookupKey?: string | null;
}

export const PRICES = {
  proMonthly: { id: 'price_1QfixtureProMonthly000', unitAmount: 4900, interval: 'month' },
  proYearly: { id: 'price_1QfixtureProYearly0000', unitAmount: 48_000, interval: 'year' },
  enterpriseMonthly: { id: 'price_1QfixtureEntMonthly000', unitAmount: 49_900, interval: 'month' },
  enterpriseYearly: { id: 'price_1QfixtureEntYearly0000', unitAmount: 480_000, interval: 'year' },
} as const satisfies Record<string, PriceSpec>;

export interface SubscriptionSpec {
  readonly id: string;
  readonly customer: string;
  readonly status: string;
  readonly created: number;
  readonly price?: PriceSpec;
  readonly quantity?: number;
  readonly orgId?: string;
  readonly cancelAtPeriodEnd?: boolean;
  readonly endedAt?: number | null;
  readonly trialEnd?: number | null;
  readonly percentOff?: number;
}

export function subscription(spec: SubscriptionSpec): Json {
  const object = fixture('subscription');
  const price: PriceSpec = spec.price ?? PRICES.proMonthly;
  const items = object['items'] as { data: Json[] };
  const item = items.data[0] as Json;
  const itemPrice = item['price'] as Json;
  Object.assign(itemPrice, {
    id: price.id,
    unit_amount: price.unitAmount,
    unit_amount_decimal: String(price.unitAmount),
    lookup_key: price.lookupKey ?? null,
  });
  (itemPrice['recurring'] as Json)['interval'] = price.interval;
  Object.assign(item, {
    id: unique('si'),
    quantity: spec.quantity ?? 1,
    subscription: spec.id,
    created: spec.created,
    current_period_start: spec.created,
    current_period_end: spec.created + (price.interval === 'month' ? 30 : 365) * 86_400,
  });
  const discount = fixture('coupon-percent');
  if (spec.percentOff !== undefined) {
    ((discount['source'] as Json)['coupon'] as Json)['percent_off'] = spec.percentOff;
    Object.assign(discount, {
      start: spec.created,
      subscription: spec.id,
      customer: spec.customer,
    });
  }
  return Object.assign(object, {
    id: spec.id,
    customer: spec.customer,
    status: spec.status,
    created: spec.created,
    start_date: spec.created,
    billing_cycle_anchor: spec.created,
    metadata: spec.orgId ? { orgId: spec.orgId } : {},
    cancel_at_period_end: spec.cancelAtPeriodEnd ?? false,
    ended_at: spec.endedAt ?? null,
    canceled_at: spec.endedAt ?? null,
    trial_end: spec.trialEnd ?? null,
    discounts: spec.percentOff === undefined ? [] : [discount],
  });
}

export interface InvoiceSpec {
  readonly id: string;
  readonly customer: string;
  readonly subscription: string | null;
  readonly status: 'open' | 'paid';
  readonly created: number;
  readonly amount: number;
  readonly paidAt?: number | null;
  readonly attemptCount?: number;
  readonly nextPaymentAttempt?: number | null;
}

export function invoice(spec: InvoiceSpec): Json {
  const object = fixture('invoice');
  const paid = spec.status === 'paid';
  (object['parent'] as Json)['subscription_details'] =
    spec.subscription === null ? null : { metadata: {}, subscription: spec.subscription };
  return Object.assign(object, {
    id: spec.id,
    customer: spec.customer,
    status: spec.status,
    created: spec.created,
    amount_due: spec.amount,
    amount_paid: paid ? spec.amount : 0,
    amount_remaining: paid ? 0 : spec.amount,
    total: spec.amount,
    subtotal: spec.amount,
    attempt_count: spec.attemptCount ?? 1,
    next_payment_attempt: spec.nextPaymentAttempt ?? null,
    number: `VANT-${spec.id.slice(-6)}`,
    hosted_invoice_url: `https://invoice.stripe.com/i/acct_fixture/${spec.id}`,
    invoice_pdf: `https://pay.stripe.com/invoice/acct_fixture/${spec.id}/pdf`,
    status_transitions: {
      finalized_at: spec.created,
      marked_uncollectible_at: null,
      paid_at: paid ? (spec.paidAt ?? spec.created) : null,
      voided_at: null,
    },
  });
}

export function checkoutSession(spec: {
  orgId: string;
  customer: string;
  subscription: string;
}): Json {
  return Object.assign(fixture('checkout-session'), {
    id: unique('cs_test'),
    client_reference_id: spec.orgId,
    metadata: { orgId: spec.orgId },
    customer: spec.customer,
    subscription: spec.subscription,
  });
}

export function customer(spec: { id: string; email: string; orgId?: string }): Json {
  return Object.assign(fixture('customer'), {
    id: spec.id,
    email: spec.email,
    metadata: spec.orgId ? { orgId: spec.orgId } : {},
  });
}

export function charge(spec: { id: string; customer: string; amountRefunded: number }): Json {
  return Object.assign(fixture('charge'), {
    id: spec.id,
    customer: spec.customer,
    amount_refunded: spec.amountRefunded,
    refunded: false,
  });
}

export interface SignedEvent {
  readonly id: string;
  readonly payload: string;
}

/** A Stripe event around `object`, as the raw body Stripe would POST. */
export function event(
  type: string,
  object: Json,
  created: number,
  id = unique('evt'),
): SignedEvent {
  const envelope = Object.assign(fixture('event'), { id, type, created, data: { object } });
  return { id, payload: JSON.stringify(envelope) };
}

/** The Stripe-Signature header for `payload`, signed now (or at `timestamp`) with `secret`. */
export function signature(payload: string, secret: string, timestamp?: number): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    ...(timestamp === undefined ? {} : { timestamp }),
  });
}
