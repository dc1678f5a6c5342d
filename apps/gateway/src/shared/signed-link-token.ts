import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Short-lived links that stand in for a credential (e.g. the weekly report preview opened in a
 * browser): `<claims>.<signature>`, the claims base64url JSON, the signature an HMAC-SHA256 of
 * them (base64url). The claims name what the link is for (`purpose`): a link made for one thing
 * never opens another, even under the same secret.
 */
export interface SignedLinkClaims {
  readonly purpose: string;
  readonly orgId: string;
  readonly expiresAt: Date;
  /** What the link opens with, e.g. the week of a report. */
  readonly params: Readonly<Record<string, string>>;
}

export type LinkTokenCheck =
  | { readonly ok: true; readonly claims: SignedLinkClaims }
  | { readonly ok: false; readonly reason: 'invalid' | 'expired' | 'other-purpose' };

/** The claims as they travel: short keys, the expiry in seconds. */
interface WireClaims {
  readonly p: string;
  readonly o: string;
  readonly e: number;
  readonly q: Record<string, string>;
}

const VERSION = 'link.v1';

export function signLinkToken(claims: SignedLinkClaims, secret: string): string {
  const wire: WireClaims = {
    p: claims.purpose,
    o: claims.orgId,
    e: Math.floor(claims.expiresAt.getTime() / 1000),
    q: { ...claims.params },
  };
  const body = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  return `${body}.${signature(body, secret)}`;
}

/**
 * What a token says, if it was signed with `secret`, is for `purpose` and has not expired. The
 * signature is checked first, in constant time, so nothing of a forged token is believed.
 */
export function verifyLinkToken(
  token: string,
  purpose: string,
  secret: string,
  now = new Date(),
): LinkTokenCheck {
  const parts = token.split('.');
  if (parts.length !== 2) return { ok: false, reason: 'invalid' };
  const [body = '', given = ''] = parts;
  // The text is compared, not its decoding: base64url decoders ignore the last character's
  // spare bits, so other spellings of the same signature would pass.
  const expected = Buffer.from(signature(body, secret), 'ascii');
  const presented = Buffer.from(given, 'ascii');
  if (presented.length !== expected.length || !timingSafeEqual(presented, expected)) {
    return { ok: false, reason: 'invalid' };
  }
  const wire = parseWire(body);
  if (!wire) return { ok: false, reason: 'invalid' };
  if (wire.p !== purpose) return { ok: false, reason: 'other-purpose' };
  if (wire.e * 1000 <= now.getTime()) return { ok: false, reason: 'expired' };
  return {
    ok: true,
    claims: { purpose: wire.p, orgId: wire.o, expiresAt: new Date(wire.e * 1000), params: wire.q },
  };
}

function signature(body: string, secret: string): string {
  return createHmac('sha256', secret).update(`${VERSION}:${body}`).digest('base64url');
}

/** Only a token we signed gets here, but its shape is still checked rather than trusted. */
function parseWire(body: string): WireClaims | null {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const { p, o, e, q } = value as Record<string, unknown>;
  if (typeof p !== 'string' || typeof o !== 'string' || !Number.isSafeInteger(e)) return null;
  if (typeof q !== 'object' || q === null || Array.isArray(q)) return null;
  const params = Object.entries(q as Record<string, unknown>);
  if (!params.every(([, v]) => typeof v === 'string')) return null;
  return { p, o, e: e as number, q: Object.fromEntries(params) as Record<string, string> };
}
