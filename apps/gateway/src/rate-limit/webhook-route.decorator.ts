import { SetMetadata } from '@nestjs/common';

export const WEBHOOK_ROUTE = 'vantage:webhook-route';

/**
 * Marks a public route a third party posts to (Stripe's webhooks): its callers are counted per
 * IP on RATE_LIMIT_WEBHOOK_PER_MINUTE instead of the anonymous allowance, so the sender's bursts
 * and anyone else's anonymous calls from that address do not starve each other.
 */
export const WebhookRoute = (): MethodDecorator & ClassDecorator =>
  SetMetadata(WEBHOOK_ROUTE, true);
