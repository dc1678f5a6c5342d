import {
  BaseServiceConfig,
  ConfigError,
  IntegerFromEnv,
  IsIntegerBetween,
  IsOneOf,
  IsUrlWithProtocol,
  MatchesName,
  productionSecretProblems,
} from '@vantage/service-runtime';

/** Local development only: production refuses to start with it (see assertProductionSafe). */
export const DEVELOPMENT_UNSUBSCRIBE_SECRET = 'vantage-development-unsubscribe-secret-0123456789';

const ON_OFF = ['true', 'false'] as const;
const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]']);

/** The reporting service's environment: SMTP, the weekly schedule, retries and links. */
export class ReportingConfig extends BaseServiceConfig {
  /**
   * The SMTP server: `smtp://host:587` (STARTTLS when offered), `smtps://host:465` (TLS from
   * the first byte). User and password may be in the URL or in SMTP_USER / SMTP_PASS.
   */
  @IsUrlWithProtocol(['smtp', 'smtps'])
  SMTP_URL = 'smtp://127.0.0.1:1025';

  @MatchesName(/^[^\s]{0,254}$/, 'a user name without spaces')
  SMTP_USER = '';

  @MatchesName(/^.{0,512}$/, 'a password of at most 512 characters')
  SMTP_PASS = '';

  /** Refuse to send unless the server upgrades the connection with STARTTLS. */
  @IsOneOf(ON_OFF)
  SMTP_REQUIRE_TLS: 'true' | 'false' = 'false';

  /**
   * The one SMTP host production may reach in clear text (docker-compose's maildev); empty:
   * none. Anything else needs smtps:// or SMTP_REQUIRE_TLS=true there.
   */
  @MatchesName(/^[A-Za-z0-9.-]{0,253}$/, 'a host name')
  SMTP_PLAINTEXT_HOST = '';

  /** Check the server's certificate (turn off only for a self-signed relay in development). */
  @IsOneOf(ON_OFF)
  SMTP_TLS_REJECT_UNAUTHORIZED: 'true' | 'false' = 'true';

  /** Connections the pool keeps open at most. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 50)
  SMTP_POOL_MAX_CONNECTIONS = 2;

  /** Connect, greeting and socket inactivity timeout, so a silent server fails a send. */
  @IntegerFromEnv()
  @IsIntegerBetween(500, 300_000)
  SMTP_TIMEOUT_MS = 15_000;

  /** The From header: `Vantage Reports <reports@vantage.dev>` or an address. */
  @MatchesName(/^[^\r\n]{3,300}$/, 'an address or `Name <address>` on one line')
  MAIL_FROM = 'Vantage Reports <reports@vantage.local>';

  /** Attempts per delivery within one run (1: no retry); the scheduler resumes a run after. */
  @IntegerFromEnv()
  @IsIntegerBetween(1, 100)
  MAIL_MAX_ATTEMPTS = 5;

  /** The wait before the first retry of a delivery, doubled before each further one. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 600_000)
  MAIL_RETRY_BACKOFF_MS = 2000;

  /** The longest wait between two attempts. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 3_600_000)
  MAIL_RETRY_MAX_BACKOFF_MS = 60_000;

  /**
   * How often the weekly schedule is checked and interrupted runs resumed (once across
   * replicas). 0 turns it off, for tests that trigger runs themselves.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 3_600_000)
  REPORT_TICK_MS = 60_000;

  /** How long a partial run waits before the scheduler tries its failed deliveries again. */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 86_400_000)
  REPORT_RESUME_AFTER_MS = 600_000;

  /** The longest wait for each data source; past it the section says it has no data yet. */
  @IntegerFromEnv()
  @IsIntegerBetween(100, 30_000)
  REPORT_SOURCE_TIMEOUT_MS = 2500;

  /** Life of the per-run lock, renewed while the run goes on; a dead replica's lapses. */
  @IntegerFromEnv()
  @IsIntegerBetween(1000, 600_000)
  REPORT_LOCK_TTL_MS = 30_000;

  /**
   * E-mails an organisation may send per UTC day, by plan (alert, report and confirmation mail;
   * dunning is billing's and not counted). Past it nothing more goes out that day.
   */
  @IntegerFromEnv()
  @IsIntegerBetween(0, 10_000_000)
  MAIL_DAILY_QUOTA_FREE = 100;

  @IntegerFromEnv()
  @IsIntegerBetween(0, 10_000_000)
  MAIL_DAILY_QUOTA_PRO = 2000;

  @IntegerFromEnv()
  @IsIntegerBetween(0, 10_000_000)
  MAIL_DAILY_QUOTA_ENTERPRISE = 20_000;

  /** Where recipients reach the gateway: the unsubscribe link points here. */
  @IsUrlWithProtocol(['http', 'https'])
  PUBLIC_URL = 'http://localhost:3000';

  /** HMAC key of unsubscribe tokens. At least 32 characters; rotating it voids sent links. */
  @MatchesName(/^.{32,512}$/, 'a secret of at least 32 characters')
  UNSUBSCRIBE_SECRET = DEVELOPMENT_UNSUBSCRIBE_SECRET;
}

/**
 * A production service never signs unsubscribe links with the key published here, and never
 * hands mail (and SMTP credentials) to a relay in clear text or to one it cannot authenticate.
 */
export function assertProductionSafe(config: ReportingConfig): void {
  if (config.NODE_ENV !== 'production') return;
  const problems: string[] = [];
  problems.push(
    ...productionSecretProblems([
      {
        name: 'UNSUBSCRIBE_SECRET',
        value: config.UNSUBSCRIBE_SECRET,
        published: [DEVELOPMENT_UNSUBSCRIBE_SECRET],
      },
    ]),
  );
  const smtp = new URL(config.SMTP_URL);
  const plaintextAllowed =
    config.SMTP_PLAINTEXT_HOST !== '' && smtp.hostname === config.SMTP_PLAINTEXT_HOST;
  if (smtp.protocol === 'smtp:' && config.SMTP_REQUIRE_TLS !== 'true' && !plaintextAllowed) {
    problems.push(
      'SMTP_URL is plain smtp:// in production: set SMTP_REQUIRE_TLS=true (STARTTLS) or use smtps://',
    );
  }
  // RFC 8058: the one-click unsubscribe link of List-Unsubscribe must be https (a local demo
  // stack on localhost aside, which no mail provider can reach anyway).
  const publicUrl = new URL(config.PUBLIC_URL);
  if (publicUrl.protocol !== 'https:' && !LOCAL_HOSTS.has(publicUrl.hostname)) {
    problems.push('PUBLIC_URL must be https in production (unsubscribe and confirmation links)');
  }
  if (config.SMTP_TLS_REJECT_UNAUTHORIZED !== 'true') {
    problems.push('SMTP_TLS_REJECT_UNAUTHORIZED must be true in production');
  }
  if (problems.length > 0) throw new ConfigError(problems);
}
