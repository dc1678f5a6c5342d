import { createHash, randomBytes } from 'node:crypto';
import type { MailKind } from '@vantage/contracts';

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LENGTH = 20;

/** `<prefix>_` and 20 base62 characters from a CSPRNG (bytes past 247 dropped: no modulo bias). */
export function newId(prefix: 'rcp' | 'rmi'): string {
  let id = '';
  while (id.length < LENGTH) {
    for (const byte of randomBytes(LENGTH * 2)) {
      if (byte < 248 && id.length < LENGTH) id += ALPHABET[byte % 62];
    }
  }
  return `${prefix}_${id}`;
}

/**
 * The id of the run of (kind, org, key): the same for every replica and every trigger, which
 * is what makes "one run per org and week" a property of the data rather than of timing.
 */
export function runId(kind: MailKind, orgId: string, key: string): string {
  return `run_${base62Digest(`${kind}\n${orgId}\n${key}`)}`;
}

/**
 * The mail consent of an address in an org: derived, so every mail path finds it by `_id`
 * without a lookup by address, and an unsubscribe link can name it without the address.
 */
export function consentId(orgId: string, email: string): string {
  return `mcn_${base62Digest(`consent\n${orgId}\n${email.toLowerCase()}`)}`;
}

/** One delivery per address per run. */
export function deliveryId(run: string, email: string): string {
  return `${run}:${email.toLowerCase()}`;
}

/** The Message-ID of a delivery: fixed, so a re-send after an unknown outcome is recognisable. */
export function deliveryMessageId(run: string, email: string, domain: string): string {
  return `<${run}.${base62Digest(email.toLowerCase())}@${domain}>`;
}

function base62Digest(text: string): string {
  let value = BigInt(`0x${createHash('sha256').update(text).digest('hex')}`);
  let out = '';
  while (out.length < LENGTH) {
    out += ALPHABET[Number(value % 62n)];
    value /= 62n;
  }
  return out;
}
