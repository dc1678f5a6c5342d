import { IsString, Matches } from 'class-validator';
import { STRIPE_EVENT_ID_PATTERN } from '@vantage/contracts';

/**
 * Billing's own queue of webhook events to process (stored first, then queued): an event on the
 * transport, so exactly one replica takes each, and a failure is retried by billing itself.
 */
export const WEBHOOK_PROCESS_EVENT = 'billing.webhooks.process.1';

export class WebhookProcessEvent {
  @IsString()
  @Matches(STRIPE_EVENT_ID_PATTERN)
  eventId!: string;
}
