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

/** Local development only: production refuses to start with it (see assertProductionSafe). */
export const DEVELOPMENT_JWT_SECRET = 'vantage-development-only-secret-change-me-0123456789';

/** Local development only: production refuses to start with it (see assertProductionSafe). */
export const DEVELOPMENT_PREVIEW_LINK_SECRET =
  'vantage-development-only-preview-link-secret-change-me-0123456789';

/** The gateway's environment: identity, edge, rate limits, routing and live updates. */
export class GatewayConfig extends BaseServiceConfig {
  /** HMAC key of access tokens and invite tokens (HS256, pinned). At least 32 characters. */
  @MatchesName(/^.{32,512}$/, 'a secret of at least 32 characters')
  JWT_SECRET = DEVELOPMENT_JWT_SECRET;

  @MatchesName(/^[\x21-\x7e]{1,200}$/, 'a printable issuer name')
  JWT_ISSUER = 'vantage';

  @IntegerFromEnv()
  @IsIntegerBetween(30, 86_400)
  JWT_ACCESS_TTL_SECONDS = 900;

  @IntegerFromEnv()
  @IsIntegerBetween(300, 31_536_000)
  JWT_REFRESH_TTL_SECONDS = 2_592_000;

  @IntegerFromEnv()
  @IsIntegerBetween(300, 2_592_000)
  INVITE_TTL_SECONDS = 604_800;

  /** A login's refresh-token family ends this long after the login, however often rotated. */
  @IntegerFromEnv()
  @IsIntegerBetween(300, 31_536_000)
  JWT_REFRESH_FAMILY_MAX_AGE_SECONDS = 7_776_000;

  /** How long the link of an e-mail verification stays usable. */
  @IntegerFromEnv()
  @IsIntegerBetween(300, 2_592_000)
  EMAIL_VERIFICATION_TTL_SECONDS = 172_800;

  /** How long a password-reset link stays usable (once). */
  @IntegerFromEnv()
  @IsIntegerBetween(300, 86_400)
  PASSWORD_RESET_TTL_SECONDS = 1800;

  /**
   * HMAC key of the signed links that open the weekly report preview in a browser without a
   * credential. At least 32 characters; changing it voids the links given out.
   */
  @MatchesName(/^.{32,512}$/, 'a secret of at least 32 characters')
  PREVIEW_LINK_SECRET = DEVELOPMENT_PREVIEW_LINK_SECRET;

  /** How long a signed preview link opens the preview. */
  @IntegerFromEnv()
  @IsIntegerBetween(60, 86_400)
  PREVIEW_LINK_TTL_SECONDS = 900;

  /**
   * Failed authentications (bad API key, token, password) one client IP may make per window;
   * past it the IP's credentials are refused with 429 before they are checked.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1_000_000)
  AUTH_FAILURES_PER_IP = 100;

  @IntegerFromEnv()
  @IsIntegerBetween(10, 86_400)
  AUTH_FAILURE_WINDOW_SECONDS = 900;

  /** Failed logins of one account within AUTH_FAILURE_WINDOW_SECONDS before its login backs off. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1000)
  LOGIN_FAILURES_PER_ACCOUNT = 10;

  /** The first backoff of a throttled account; each further failure doubles it up to the max. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 3600)
  LOGIN_BACKOFF_SECONDS = 30;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 86_400)
  LOGIN_BACKOFF_MAX_SECONDS = 900;

  /** Entries of the in-memory cache of valid API keys (misses are cached apart, fewer). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  API_KEY_CACHE_SIZE = 100_000;

  /** Where people open the product: invite links point here. */
  @MatchesName(/^https?:\/\/[^\s]+$/, 'an http(s) URL')
  PUBLIC_URL = 'http://localhost:3000';

  /** Comma-separated origins allowed by CORS; empty allows none. */
  @MatchesName(/^[^\s]*$/, 'a comma-separated list of origins without spaces')
  CORS_ORIGINS = 'http://localhost:3000';

  /**
   * Comma-separated addresses or CIDRs of proxies whose X-Forwarded-For is believed; empty
   * trusts none, so the client IP is the socket's.
   */
  @MatchesName(/^[0-9a-fA-F.:/,]*$/, 'a comma-separated list of IP addresses or CIDRs')
  TRUSTED_PROXIES = '';

  @IntegerFromEnv()
  @IsIntegerBetween(1024, 52_428_800)
  BODY_LIMIT_BYTES = 5_242_880;

  /**
   * The Stripe webhook endpoint's signing secret (whsec_...), the same value billing has: the
   * edge refuses a body Stripe did not sign before anything is queued. Never logged.
   */
  @IsStripeWebhookSecret()
  STRIPE_WEBHOOK_SECRET = DEVELOPMENT_WEBHOOK_SECRET;

  /** How old a signed webhook may be (its signature timestamp) before it is refused. */
  @StripeWebhookToleranceFromEnv()
  STRIPE_WEBHOOK_TOLERANCE_SECONDS = DEFAULT_WEBHOOK_TOLERANCE_SECONDS;

  /**
   * Body limit of the Stripe webhook route alone (413 beyond). Stripe's events are a few KiB;
   * 256 KiB leaves room for the largest (an invoice with many lines) and bounds what an
   * anonymous sender makes the gateway read.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(1024, 5_242_880)
  STRIPE_WEBHOOK_BODY_LIMIT_BYTES = 262_144;

  /** Requests per minute: anonymous callers per IP, and orgs by plan (ARCHITECTURE.md). */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_ANONYMOUS_PER_MINUTE = 100;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_FREE_PER_MINUTE = 1000;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_PRO_PER_MINUTE = 10_000;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_ENTERPRISE_PER_MINUTE = 100_000;

  /** Expensive routes (formula execute, report send, forecast): per org, per minute. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_EXPENSIVE_PER_MINUTE = 30;

  /**
   * The Stripe webhook route, per IP, instead of the anonymous allowance: Stripe posts from a
   * dozen addresses and bursts at renewals (several events per subscription at once), so 300
   * per address (about 3,600 a minute in all) carries a busy account, while one forging host is
   * held to 300 refused 400s a minute. Stripe retries a 429 later, so nothing is lost.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 10_000_000)
  RATE_LIMIT_WEBHOOK_PER_MINUTE = 300;

  /** How long a routed request waits for a service before answering 503. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 120_000)
  ROUTE_TIMEOUT_MS = 5000;

  /** Per-service overrides of ROUTE_TIMEOUT_MS: `telemetry=15000,reporting=10000`. */
  @MatchesName(/^([a-z-]+=\d+)?(,[a-z-]+=\d+)*$/, 'a list like telemetry=15000,reporting=10000')
  ROUTE_TIMEOUTS = '';

  /** Consecutive failures that open a service's circuit breaker. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1000)
  BREAKER_FAILURE_THRESHOLD = 5;

  /** How long an open breaker refuses calls before letting one trial through. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 600_000)
  BREAKER_OPEN_MS = 10_000;

  /** WebSocket: heartbeat period, and the send buffer beyond which a slow client is dropped. */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 300_000)
  WS_HEARTBEAT_MS = 30_000;

  @IntegerFromEnv()
  @IsIntegerBetween(1024, 268_435_456)
  WS_MAX_BUFFERED_BYTES = 1_048_576;

  /** WebSocket: how long a new connection may take to present a valid credential. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 60_000)
  WS_AUTH_TIMEOUT_MS = 5000;

  /** WebSocket connections open at once, across all gateway replicas, per client IP and per org. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 1_000_000)
  WS_MAX_CONNECTIONS_PER_IP = 50;

  @IntegerFromEnv()
  @IsIntegerBetween(1, 1_000_000)
  WS_MAX_CONNECTIONS_PER_ORG = 500;

  /** Usage events for reporting: how often each org's buffered records are emitted. */
  @IntegerFromEnv()
  @IsIntegerBetween(50, 600_000)
  USAGE_FLUSH_INTERVAL_MS = 10_000;

  /** Records held in memory (buffered or being emitted) beyond which new ones are dropped. */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 10_000_000)
  USAGE_MAX_BUFFERED_RECORDS = 100_000;

  /**
   * Request header with the caller's country (ISO 3166-1 alpha-2), set by the edge/CDN, which
   * must also strip any copy sent by the client; empty records no country.
   */
  @MatchesName(/^[A-Za-z0-9-]{0,100}$/, 'an HTTP header name (or empty)')
  USAGE_COUNTRY_HEADER = 'cf-ipcountry';
}

/**
 * A production gateway never signs tokens with a key published in this repository (the
 * default, compose's or the k8s template's placeholders) nor with one weaker than 32 random bytes.
 */
export function assertProductionSafe(config: GatewayConfig): void {
  if (config.NODE_ENV !== 'production') return;
  const problems = productionSecretProblems([
    { name: 'JWT_SECRET', value: config.JWT_SECRET, published: [DEVELOPMENT_JWT_SECRET] },
    {
      name: 'PREVIEW_LINK_SECRET',
      value: config.PREVIEW_LINK_SECRET,
      published: [DEVELOPMENT_PREVIEW_LINK_SECRET],
    },
    // Stripe sets its format (whsec_…): only published and placeholder values are refused.
    {
      name: 'STRIPE_WEBHOOK_SECRET',
      value: config.STRIPE_WEBHOOK_SECRET,
      published: [DEVELOPMENT_WEBHOOK_SECRET],
      random: false,
    },
  ]);
  if (problems.length > 0) throw new ConfigError(problems);
}
