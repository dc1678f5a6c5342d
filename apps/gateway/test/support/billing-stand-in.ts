import {
  BILLING_METRICS_PATTERNS,
  BILLING_PATTERNS,
  BILLING_WEBHOOK_PATTERNS,
  ValidationFailedError,
} from '@vantage/contracts';
import Stripe from 'stripe';
import { cannedAnswer, type StandInOptions } from './gateway-with-stand-in';

/**
 * Billing as far as the gateway can tell: it records what it received and, for webhooks,
 * verifies the signature over the payload it got with `secret`, as billing does, so a body
 * changed on the way (re-serialised JSON, other whitespace) fails here. (Billing itself:
 * apps/billing/test.)
 */
export function billingStandIn(secret: string): StandInOptions {
  return {
    service: 'billing',
    patterns: [
      ...Object.values(BILLING_PATTERNS),
      ...Object.values(BILLING_WEBHOOK_PATTERNS),
      ...Object.values(BILLING_METRICS_PATTERNS),
    ],
    answer: (pattern, payload) => {
      if (pattern !== BILLING_WEBHOOK_PATTERNS.receive) return cannedAnswer(pattern, payload);
      try {
        const event = Stripe.webhooks.constructEvent(
          String(payload['payload']),
          String(payload['signature']),
          secret,
        );
        return { received: true, eventId: event.id, duplicate: false };
      } catch {
        throw new ValidationFailedError('Stripe webhook refused: no valid signature');
      }
    },
  };
}
