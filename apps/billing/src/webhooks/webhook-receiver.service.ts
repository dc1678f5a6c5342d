import { Inject, Injectable } from '@nestjs/common';
import type { StripeWebhookReceiptDto } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { verifyStripeEvent } from '@vantage/stripe-webhooks';
import type Stripe from 'stripe';
import { BillingConfig } from '../config/billing.config';
import { BillingMessaging } from '../messaging/billing-messaging';
import { BillingMetrics } from '../metrics/billing.metrics';
import { WebhookEventRepository } from './webhook-event.repository';

/**
 * The webhook endpoint's work, kept short so Stripe gets its 2xx fast: verify the signature
 * over the raw body, store the event by id (a redelivery stops here), queue it for processing.
 */
@Injectable()
export class WebhookReceiverService {
  constructor(
    private readonly config: BillingConfig,
    private readonly events: WebhookEventRepository,
    private readonly messaging: BillingMessaging,
    private readonly metrics: BillingMetrics,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async receive(payload: string, signature: string): Promise<StripeWebhookReceiptDto> {
    const event = this.verify(payload, signature);
    const stored = await this.events.insertReceived(
      {
        id: event.id,
        type: event.type,
        eventCreated: new Date(event.created * 1000),
        payload,
      },
      new Date(),
    );
    if (!stored) {
      this.metrics.webhook('duplicate', event.type);
      return { received: true, eventId: event.id, duplicate: true };
    }
    this.metrics.webhook('received', event.type);
    try {
      await this.messaging.processWebhook(event.id);
    } catch (error) {
      // Stored: the retry sweep queues it when the transport is back.
      this.logger.warn({ err: error, eventId: event.id }, 'webhook stored but not queued');
    }
    return { received: true, eventId: event.id, duplicate: false };
  }

  /** A bad, missing or stale signature, or a body that is no Stripe event, is a 400: nothing stored. */
  private verify(payload: string, signature: string): Stripe.Event {
    try {
      return verifyStripeEvent(payload, signature, {
        secret: this.config.STRIPE_WEBHOOK_SECRET,
        toleranceSeconds: this.config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      });
    } catch (error) {
      this.metrics.webhook('rejected', 'unknown');
      throw error;
    }
  }
}
