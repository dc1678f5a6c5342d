import {
  ACCOUNT_MAIL_REQUESTED_EVENT,
  type AccountMailKind,
  type AccountMailRequestedEvent,
} from '@vantage/contracts';
import { connectRedis, eventStreamKey } from '@vantage/transport';
import { waitUntil } from '@vantage/transport/testing';
import type { Gateway } from './gateway-api';

/**
 * The account mails a test gateway asked reporting for, read from the real event stream on the
 * gateway's prefix (no reporting runs in the gateway's tests; reporting's own tests mail them).
 */
export async function accountMailsTo(
  gateway: Gateway,
  email: string,
): Promise<AccountMailRequestedEvent[]> {
  const redis = connectRedis(gateway.config.REDIS_URL);
  const entries = await redis
    .xrange(eventStreamKey(gateway.config.TRANSPORT_PREFIX, ACCOUNT_MAIL_REQUESTED_EVENT), '-', '+')
    .finally(() => redis.disconnect());
  return entries
    .map(([, fields]) => {
      const index = fields.indexOf('data');
      return JSON.parse(fields[index + 1] ?? 'null') as AccountMailRequestedEvent;
    })
    .filter((mail) => mail.to === email.toLowerCase());
}

/** Waits for the `count`-th mail of a kind to an address and answers it. */
export async function accountMail(
  gateway: Gateway,
  email: string,
  kind: AccountMailKind,
  count = 1,
): Promise<AccountMailRequestedEvent> {
  let mails: AccountMailRequestedEvent[] = [];
  await waitUntil(async () => {
    mails = (await accountMailsTo(gateway, email)).filter((mail) => mail.kind === kind);
    return mails.length >= count;
  }, `${kind} mail #${count} to ${email}`);
  return mails[count - 1] as AccountMailRequestedEvent;
}

/** The `token` query parameter of a mailed link. */
export function linkToken(mail: AccountMailRequestedEvent): string {
  const token = mail.actionUrl ? new URL(mail.actionUrl).searchParams.get('token') : null;
  if (!token) throw new Error(`the ${mail.kind} mail has no token link`);
  return token;
}
