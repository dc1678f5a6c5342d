import { isIP } from 'node:net';
import type { FieldError } from '@vantage/contracts';

const LOOPBACK_NAMES = new Set(['localhost', 'localhost.', '127.0.0.1', '[::1]']);

/**
 * Why a Slack webhook URL is refused, or null when it is acceptable. In production only https
 * to a public host (no credentials in the URL, no IP literal of a private, loopback or
 * link-local network: the service must not be made to call its own neighbours). Elsewhere,
 * plain http is also accepted for localhost, so tests and local setups can run a receiver.
 */
export function webhookUrlProblem(raw: string, production: boolean): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return 'webhookUrl must be an absolute URL';
  }
  if (url.username || url.password) return 'webhookUrl must not carry credentials';
  const host = url.hostname.toLowerCase();
  const loopback = LOOPBACK_NAMES.has(host) || /^127\./.test(host);
  if (url.protocol === 'http:') {
    if (!production && loopback) return null;
    return production
      ? 'webhookUrl must use https'
      : 'webhookUrl must use https (http only for localhost outside production)';
  }
  if (url.protocol !== 'https:') return 'webhookUrl must use https';
  if (production && (loopback || isPrivateAddress(host))) {
    return 'webhookUrl must point to a public host';
  }
  return null;
}

/** The problem as a field error of a rule, or null. */
export function webhookUrlFieldError(raw: string, production: boolean): FieldError | null {
  const message = webhookUrlProblem(raw, production);
  return message === null ? null : { field: 'channels.slack.webhookUrl', message };
}

function isPrivateAddress(host: string): boolean {
  const bare = host.startsWith('[') ? host.slice(1, -1) : host;
  const version = isIP(bare);
  if (version === 4) {
    const [a = 0, b = 0] = bare.split('.').map(Number);
    return (
      a === 0 ||
      a === 10 ||
      a === 127 ||
      (a === 100 && b >= 64 && b <= 127) ||
      (a === 169 && b === 254) ||
      (a === 172 && b >= 16 && b <= 31) ||
      (a === 192 && b === 168)
    );
  }
  if (version === 6) {
    return (
      bare === '::' ||
      bare === '::1' ||
      /^f[cd]/.test(bare) ||
      /^fe[89ab]/.test(bare) ||
      bare.startsWith('::ffff:')
    );
  }
  return false;
}
