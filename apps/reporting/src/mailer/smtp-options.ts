import type SMTPPool from 'nodemailer/lib/smtp-pool';
import type { ReportingConfig } from '../config/reporting.config';

/** Messages one pooled connection carries before it is replaced (servers cap sessions). */
const MESSAGES_PER_CONNECTION = 100;

/**
 * nodemailer's pool options from the config: the server from SMTP_URL (`smtps:` is TLS from
 * the first byte, `smtp:` upgrades with STARTTLS when offered, or must with
 * SMTP_REQUIRE_TLS), credentials from the URL or SMTP_USER / SMTP_PASS (which win), and
 * timeouts so a silent server fails a send instead of hanging it.
 */
export function smtpPoolOptions(
  config: Pick<
    ReportingConfig,
    | 'SMTP_URL'
    | 'SMTP_USER'
    | 'SMTP_PASS'
    | 'SMTP_REQUIRE_TLS'
    | 'SMTP_TLS_REJECT_UNAUTHORIZED'
    | 'SMTP_POOL_MAX_CONNECTIONS'
    | 'SMTP_TIMEOUT_MS'
  >,
): SMTPPool.Options {
  const url = new URL(config.SMTP_URL);
  const secure = url.protocol === 'smtps:';
  const user = config.SMTP_USER || decodeURIComponent(url.username);
  const pass = config.SMTP_PASS || decodeURIComponent(url.password);
  return {
    pool: true,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port === '' ? (secure ? 465 : 587) : Number(url.port),
    secure,
    requireTLS: !secure && config.SMTP_REQUIRE_TLS === 'true',
    ...(user !== '' ? { auth: { user, pass } } : {}),
    tls: { rejectUnauthorized: config.SMTP_TLS_REJECT_UNAUTHORIZED === 'true' },
    maxConnections: config.SMTP_POOL_MAX_CONNECTIONS,
    maxMessages: MESSAGES_PER_CONNECTION,
    connectionTimeout: config.SMTP_TIMEOUT_MS,
    greetingTimeout: config.SMTP_TIMEOUT_MS,
    socketTimeout: config.SMTP_TIMEOUT_MS,
    logger: false,
    debug: false,
  };
}
