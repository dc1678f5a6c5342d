// The refused junk: for each route that takes a body, the kinds of request an anonymous client
// can send at no cost, each sized to be read in full (under the route's body limit) except the
// oversized kind, which is just over it.
import { randomBytes } from 'node:crypto';
import type { BodyRoute } from './body-routes';

const KIB = 1024;
const MIB = 1024 * KIB;
/** The gateway's defaults: BODY_LIMIT_BYTES, and STRIPE_WEBHOOK_BODY_LIMIT_BYTES on signed routes. */
const BODY_LIMIT_BYTES = 5 * MIB;
const WEBHOOK_BODY_LIMIT_BYTES = 256 * KIB;
/** Read in full on every route, the webhook's included. */
const READ_BODY_BYTES = 240 * KIB;

export const JUNK_KINDS = [
  'unauthenticated',
  'bad-credentials',
  'invalid-json',
  'unsigned-webhook',
  'oversized',
] as const;
export type JunkKind = (typeof JUNK_KINDS)[number];

export interface JunkRequest {
  readonly kind: JunkKind;
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** The kinds that apply to a route: the unsigned webhook only where a signature is expected. */
export function junkFor(route: BodyRoute): JunkRequest[] {
  const kinds = JUNK_KINDS.filter((kind) => kind !== 'unsigned-webhook' || route.signed);
  return kinds.map((kind) => ({
    kind,
    method: route.method,
    path: route.path,
    ...junk(kind, route),
  }));
}

/** Kinds worth repeating to fill the volume: each is read in full before it is refused. */
export function isReadInFull(request: JunkRequest): boolean {
  return request.kind !== 'oversized';
}

function junk(kind: JunkKind, route: BodyRoute): Pick<JunkRequest, 'headers' | 'body'> {
  const json = { 'content-type': 'application/json' };
  switch (kind) {
    case 'unauthenticated':
      return { headers: json, body: jsonOfSize(READ_BODY_BYTES) };
    case 'bad-credentials':
      return {
        headers: {
          ...json,
          authorization: `Bearer ${randomBytes(24).toString('base64url')}.e30.${randomBytes(32).toString('base64url')}`,
          'x-api-key': `vk_live_${randomBytes(24).toString('base64url')}`,
        },
        body: jsonOfSize(READ_BODY_BYTES),
      };
    case 'invalid-json':
      return { headers: json, body: Buffer.from(`{"junk": "${'j'.repeat(READ_BODY_BYTES - 12)}`) };
    case 'unsigned-webhook':
      return {
        headers: {
          ...json,
          'stripe-signature': `t=${unixNow()},v1=${randomBytes(32).toString('hex')}`,
        },
        body: stripeLikeEventOfSize(READ_BODY_BYTES),
      };
    case 'oversized':
      return {
        headers: json,
        body: jsonOfSize((route.signed ? WEBHOOK_BODY_LIMIT_BYTES : BODY_LIMIT_BYTES) + 1),
      };
  }
}

function jsonOfSize(bytes: number): Buffer {
  const open = '{"junk":"';
  return Buffer.from(`${open}${'x'.repeat(bytes - open.length - 2)}"}`);
}

/** Shaped like an event (id, type, data), so only the signature can tell it is forged. */
function stripeLikeEventOfSize(bytes: number): Buffer {
  const head = `{"id":"evt_${randomBytes(8).toString('hex')}","object":"event","type":"customer.subscription.updated","created":${unixNow()},"data":{"object":{"id":"sub_abuse","padding":"`;
  return Buffer.from(`${head}${'p'.repeat(bytes - head.length - 4)}"}}}`);
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
