import {
  BILLING_METRICS_PATTERNS,
  BILLING_PATTERNS,
  BILLING_WEBHOOK_PATTERNS,
  ErrorCode,
  NotConfiguredError,
  ValidationFailedError,
} from '@vantage/contracts';
import Stripe from 'stripe';
import { cannedAnswer, type StandInOptions } from './gateway-with-stand-in';

/** The plan this stand-in has no price for, as a billing without STRIPE_PRICE_ENTERPRISE_YEARLY. */
export const UNPRICED_PLAN = { plan: 'enterprise', interval: 'year' } as const;

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
      if (
        pattern === BILLING_PATTERNS.createCheckoutSession &&
        payload['plan'] === UNPRICED_PLAN.plan &&
        payload['interval'] === UNPRICED_PLAN.interval
      ) {
        throw new NotConfiguredError(
          ErrorCode.BillingPriceNotConfigured,
          'billing has no Stripe price for it (operator: set STRIPE_PRICE_ENTERPRISE_YEARLY)',
        );
      }
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
