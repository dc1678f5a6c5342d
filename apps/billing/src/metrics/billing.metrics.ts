import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';

export type WebhookOutcome =
  'received' | 'duplicate' | 'rejected' | 'processed' | 'ignored' | 'retrying' | 'failed';

/** Event types billing acts on; any other is counted as `other` (bounded label values). */
const HANDLED_TYPES = new Set([
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'customer.subscription.paused',
  'customer.subscription.resumed',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
  'customer.updated',
  'charge.refunded',
]);

/** Billing's business counters on /metrics. */
@Injectable()
export class BillingMetrics {
  private readonly webhooks = registeredCounter<'outcome' | 'type'>(register, {
    name: 'vantage_stripe_webhooks_total',
    help: 'Stripe webhook events by outcome (received, duplicate, rejected, processed, ignored, retrying, failed) and type',
    labelNames: ['outcome', 'type'],
  });

  webhook(outcome: WebhookOutcome, type: string): void {
    this.webhooks.inc({ outcome, type: HANDLED_TYPES.has(type) ? type : 'other' });
  }
}
