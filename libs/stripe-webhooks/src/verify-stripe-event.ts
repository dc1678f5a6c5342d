import Stripe from 'stripe';
import { STRIPE_EVENT_ID_PATTERN, ValidationFailedError } from '@vantage/contracts';

/**
 * Local development only: the gateway and billing both default to it, so a local run verifies
 * what the test tools sign; production refuses to start with it.
 */
export const DEVELOPMENT_WEBHOOK_SECRET = 'whsec_vantage_development_only';

export interface StripeWebhookSecret {
  /** The endpoint's signing secret (whsec_...). */
  readonly secret: string;
  /** How old the signature's timestamp may be. */
  readonly toleranceSeconds: number;
}

/**
 * The Stripe event in `payload` if `signature` (the Stripe-Signature header) signs it with the
 * secret within the tolerance and it has the shape of an event. Otherwise a ValidationFailedError
 * (400) that says what was wrong without giving anything away about the expected signature.
 */
export function verifyStripeEvent(
  payload: string,
  signature: string,
  { secret, toleranceSeconds }: StripeWebhookSecret,
): Stripe.Event {
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(payload, signature, secret, toleranceSeconds);
  } catch (error) {
    throw new ValidationFailedError(`Stripe webhook refused: ${signatureProblem(error)}`);
  }
  if (!isStripeEvent(event)) {
    throw new ValidationFailedError('Stripe webhook refused: the body is not a Stripe event');
  }
  return event;
}

function isStripeEvent(event: Stripe.Event): boolean {
  return (
    typeof event === 'object' &&
    event !== null &&
    event.object === 'event' &&
    typeof event.id === 'string' &&
    STRIPE_EVENT_ID_PATTERN.test(event.id) &&
    typeof event.type === 'string' &&
    typeof event.created === 'number' &&
    typeof event.data?.object === 'object'
  );
}

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
