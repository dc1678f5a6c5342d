import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The token of an unsubscribe link: `v1.<orgId>.<recipientId>.<signature>`, the signature an
 * HMAC-SHA256 of both ids under UNSUBSCRIBE_SECRET (base64url). It never expires (a link in
 * a year-old e-mail must still work) and names nothing but the recipient it unsubscribes.
 */
export interface UnsubscribeSubject {
  readonly orgId: string;
  readonly recipientId: string;
}

const VERSION = 'v1';
const ID = /^[A-Za-z0-9_-]{1,100}$/;

export function signUnsubscribeToken(subject: UnsubscribeSubject, secret: string): string {
  return [VERSION, subject.orgId, subject.recipientId, signature(subject, secret)].join('.');
}

/** The recipient a token names, or null for anything forged, altered or malformed. */
export function verifyUnsubscribeToken(token: string, secret: string): UnsubscribeSubject | null {
  const parts = token.split('.');
  if (parts.length !== 4) return null;
  const [version, orgId = '', recipientId = '', given = ''] = parts;
  if (version !== VERSION || !ID.test(orgId) || !ID.test(recipientId)) return null;
  const expected = Buffer.from(signature({ orgId, recipientId }, secret));
  const presented = Buffer.from(given);
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) return null;
  return { orgId, recipientId };
}

/**
 * The public link that unsubscribes the subject (List-Unsubscribe and the mail's footer): a
 * weekly report recipient (`rcp_`), or an address's mail from the org (`mcn_`).
 */
export function unsubscribeUrl(
  config: { readonly PUBLIC_URL: string; readonly UNSUBSCRIBE_SECRET: string },
  subject: UnsubscribeSubject,
): string {
  const url = new URL('/api/v1/reports/unsubscribe', config.PUBLIC_URL);
  url.searchParams.set('token', signUnsubscribeToken(subject, config.UNSUBSCRIBE_SECRET));
  return url.toString();
}

function signature(subject: UnsubscribeSubject, secret: string): string {
  return createHmac('sha256', secret)
    .update(`unsubscribe:${VERSION}:${subject.orgId}:${subject.recipientId}`)
    .digest('base64url');
}
