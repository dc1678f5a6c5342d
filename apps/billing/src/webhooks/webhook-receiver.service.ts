import { Inject, Injectable } from '@nestjs/common';
import {
  STRIPE_EVENT_ID_PATTERN,
  type StripeWebhookReceiptDto,
  ValidationFailedError,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import Stripe from 'stripe';
import { BillingConfig } from '../config/billing.config';
import { BillingMessaging } from '../messaging/billing-messaging';
import { StripeGateway } from '../stripe/stripe-gateway';
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
    private readonly stripe: StripeGateway,
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
    let event: Stripe.Event;
    try {
      event = this.stripe.stripe.webhooks.constructEvent(
        payload,
        signature,
        this.config.STRIPE_WEBHOOK_SECRET,
        this.config.STRIPE_WEBHOOK_TOLERANCE_SECONDS,
      );
    } catch (error) {
      this.metrics.webhook('rejected', 'unknown');
      throw new ValidationFailedError(`Stripe webhook refused: ${signatureProblem(error)}`);
    }
    if (
      typeof event !== 'object' ||
      event === null ||
      event.object !== 'event' ||
      typeof event.id !== 'string' ||
      !STRIPE_EVENT_ID_PATTERN.test(event.id) ||
      typeof event.type !== 'string' ||
      typeof event.created !== 'number' ||
      typeof event.data?.object !== 'object'
    ) {
      this.metrics.webhook('rejected', 'unknown');
      throw new ValidationFailedError('Stripe webhook refused: the body is not a Stripe event');
    }
    return event;
  }
}

/** What was wrong, in words that give nothing away about the secret or the expected signature. */
function signatureProblem(error: unknown): string {
  if (!(error instanceof Stripe.errors.StripeSignatureVerificationError)) {
    return 'the body is not a Stripe event';
  }
  if (/timestamp outside the tolerance/i.test(error.message)) {
    return 'the signature timestamp is outside the tolerance';
  }
  if (/unable to extract timestamp and signatures/i.test(error.message)) {
    return 'the Stripe-Signature header is malformed';
  }
  return 'no valid signature';
}
