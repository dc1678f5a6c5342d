import {
  BaseServiceConfig,
  ConfigError,
  IntegerFromEnv,
  IsIntegerBetween,
  MatchesName,
  productionSecretProblems,
} from '@vantage/service-runtime';
import {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  DEVELOPMENT_WEBHOOK_SECRET,
  IsStripeWebhookSecret,
  StripeWebhookToleranceFromEnv,
} from '@vantage/stripe-webhooks';
import { ValidateBy } from 'class-validator';

/**
 * Local development only (stripe-mock accepts any well-formed key): production refuses to start
 * with it or with DEVELOPMENT_WEBHOOK_SECRET (see assertProductionSafe).
 */
export const DEVELOPMENT_STRIPE_SECRET_KEY = 'sk_test_123';

const PRICE_ID = /^(price_[A-Za-z0-9_]{1,200})?$/;
const PRICE_ID_DESCRIPTION = 'a Stripe price id (price_...) or empty';

/** The billing service's environment: Stripe, the plan prices, webhooks and dunning. */
export class BillingConfig extends BaseServiceConfig {
  /** Secret (or restricted) API key. Never logged. */
  @MatchesName(/^(sk|rk)_(test|live)_\S{1,300}$/, 'a Stripe secret key (sk_... or rk_...)')
  STRIPE_SECRET_KEY = DEVELOPMENT_STRIPE_SECRET_KEY;

  /**
   * Where the Stripe API is: empty for api.stripe.com; tools/infra sets stripe-mock's address
   * (http://127.0.0.1:<port>) for local runs and tests.
   */
  @MatchesName(
    /^(https?:\/\/[^\s/]+\/?)?$/,
    'an http(s) base URL like http://127.0.0.1:12111, or empty',
  )
  STRIPE_API_URL = '';

  /** The signing secret of the webhook endpoint (whsec_...). Never logged. */
  @IsStripeWebhookSecret()
  STRIPE_WEBHOOK_SECRET = DEVELOPMENT_WEBHOOK_SECRET;

  /** How old a signed webhook may be (its signature timestamp) before it is refused. */
  @StripeWebhookToleranceFromEnv()
  STRIPE_WEBHOOK_TOLERANCE_SECONDS = DEFAULT_WEBHOOK_TOLERANCE_SECONDS;

  /** One Stripe API call may take this long before it counts as failed. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 120_000)
  STRIPE_TIMEOUT_MS = 10_000;

  /** Retries of a call that failed on the network (the SDK backs off and keeps the idempotency key). */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 10)
  STRIPE_MAX_NETWORK_RETRIES = 2;

  /** Consecutive failed calls that open the breaker: further calls answer 503 at once. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1000)
  STRIPE_BREAKER_FAILURE_THRESHOLD = 5;

  /** How long an open breaker refuses calls before letting one trial through. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 600_000)
  STRIPE_BREAKER_OPEN_MS = 30_000;

  /**
   * The Stripe prices of the paid plans (tools/billing/seed-stripe.ts creates them). Unset against
   * stripe-mock outside production: stand-ins, so that every plan sells locally
   * (plans/configured-prices.ts).
   */
  @MatchesName(PRICE_ID, PRICE_ID_DESCRIPTION)
  STRIPE_PRICE_PRO_MONTHLY = '';

  @MatchesName(PRICE_ID, PRICE_ID_DESCRIPTION)
  STRIPE_PRICE_PRO_YEARLY = '';

  @MatchesName(PRICE_ID, PRICE_ID_DESCRIPTION)
  STRIPE_PRICE_ENTERPRISE_MONTHLY = '';

  @MatchesName(PRICE_ID, PRICE_ID_DESCRIPTION)
  STRIPE_PRICE_ENTERPRISE_YEARLY = '';

  /** Days a failed payment leaves the plan in place before the org drops to free. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 90)
  DUNNING_GRACE_DAYS = 7;

  /** How often expired grace periods are looked for (once across replicas); 0 turns it off. */
  @IntegerFromEnv()
  @IsZeroOrIntegerBetween(100, 86_400_000)
  DUNNING_SWEEP_INTERVAL_MS = 60_000;

  /** Processing attempts of a webhook event before it goes to the failed (dead-letter) list. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 50)
  WEBHOOK_MAX_ATTEMPTS = 6;

  /** Wait before the first retry of a failed event, doubled before each further one. */
  @IntegerFromEnv()
  @IsIntegerBetween(10, 86_400_000)
  WEBHOOK_RETRY_BASE_MS = 30_000;

  /**
   * How often due retries (and events whose processing was lost with a replica) are queued
   * again (once across replicas); 0 turns it off.
   */
  @IntegerFromEnv()
  @IsZeroOrIntegerBetween(50, 3_600_000)
  WEBHOOK_SWEEP_INTERVAL_MS = 5000;

  /** How long one replica may hold an event it processes before another may take it over. */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 3_600_000)
  WEBHOOK_PROCESSING_LEASE_MS = 60_000;

  /**
   * Comma-separated org ids whose admins are operators: they read the revenue metrics and the
   * failed-webhook list of the whole business. Empty: nobody over HTTP (services still can).
   */
  @MatchesName(/^[A-Za-z0-9_,-]*$/, 'a comma-separated list of org ids')
  BILLING_OPERATOR_ORG_IDS = '';

  /** The currency revenue metrics are reported in; objects in others are left out. */
  @MatchesName(/^[a-z]{3}$/, 'a lower-case ISO currency code')
  BILLING_CURRENCY = 'usd';
}

/** A production billing service never runs on the keys published in this repository. */
export function assertProductionSafe(config: BillingConfig): void {
  if (config.NODE_ENV !== 'production') return;
  // Stripe sets these formats (sk_…, whsec_…): only published and placeholder values are refused.
  const problems = productionSecretProblems([
    {
      name: 'STRIPE_SECRET_KEY',
      value: config.STRIPE_SECRET_KEY,
      published: [DEVELOPMENT_STRIPE_SECRET_KEY],
      random: false,
    },
    {
      name: 'STRIPE_WEBHOOK_SECRET',
      value: config.STRIPE_WEBHOOK_SECRET,
      published: [DEVELOPMENT_WEBHOOK_SECRET],
      random: false,
    },
  ]);
  if (problems.length > 0) throw new ConfigError(problems);
}

function IsZeroOrIntegerBetween(min: number, max: number): PropertyDecorator {
  return ValidateBy({
    name: 'isZeroOrIntegerBetween',
    validator: {
      validate: (value: unknown) =>
        value === 0 ||
        (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max),
      defaultMessage: () => `$property must be 0 (off) or an integer between ${min} and ${max}`,
    },
  });
}
