import { IntegerFromEnv, IsIntegerBetween, MatchesName } from '@vantage/service-runtime';

/**
 * Config decorators for the webhook settings that gateway and billing both read: the two must
 * accept the same values, since they verify the same endpoint's signatures.
 */

/** STRIPE_WEBHOOK_SECRET: the endpoint's signing secret, as Stripe shows it (whsec_...). */
export function IsStripeWebhookSecret(): PropertyDecorator {
  return MatchesName(/^whsec_\S{1,300}$/, 'a webhook signing secret (whsec_...)');
}

/** STRIPE_WEBHOOK_TOLERANCE_SECONDS: how old a signature timestamp may be, 1 s to an hour. */
export function StripeWebhookToleranceFromEnv(): PropertyDecorator {
  const validate = IsIntegerBetween(1, 3600);
  const parse = IntegerFromEnv();
  return (target, property) => {
    validate(target, property);
    parse(target, property);
  };
}

/** Stripe's own default tolerance. */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
