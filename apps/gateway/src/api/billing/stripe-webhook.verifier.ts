import { Injectable } from '@nestjs/common';
import { register } from 'prom-client';
import { registeredCounter } from '@vantage/observability';
import { verifyStripeEvent } from '@vantage/stripe-webhooks';
import { GatewayConfig } from '../../config/gateway.config';

/**
 * The edge's check that Stripe signed a webhook, before anything is queued for billing: an
 * anonymous body that is not Stripe's never reaches Redis. Billing checks again when it stores.
 */
@Injectable()
export class StripeWebhookVerifier {
  /** Billing's series, so the webhooks-failing alert sees refusals at either end (by job). */
  private readonly webhooks = registeredCounter<'outcome' | 'type'>(register, {
    name: 'vantage_stripe_webhooks_total',
    help: 'Stripe webhook events by outcome (received, duplicate, rejected, processed, ignored, retrying, failed) and type',
    labelNames: ['outcome', 'type'],
  });

  constructor(private readonly config: GatewayConfig) {}

  /** Throws a ValidationFailedError (400) unless `signature` signs `payload` as Stripe does. */
  verify(payload: string, signature: string): void {
    try {
      verifyStripeEvent(payload, signature, {
        secret: this.config.STRIPE_WEBHOOK_SECRET,
        toleranceSeconds: this.config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      this.webhooks.inc({ outcome: 'rejected', type: 'unknown' });
      throw error;
    }
  }
}
