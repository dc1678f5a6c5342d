// The refused junk: for each route that takes a body, the kinds of request an anonymous client
// can send at no cost, each sized to be read in full (under the route's body limit) except the
// oversized kind, one byte over it and sent chunked (no Content-Length to refuse it by), so the
// gateway reads up to its limit before it answers 413.
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
  /** Sent with Transfer-Encoding: chunked rather than a Content-Length. */
  readonly chunked: boolean;
}

/** The kinds that apply to a route: the unsigned webhook only where a signature is expected. */
export function junkFor(route: BodyRoute): JunkRequest[] {
  const kinds = JUNK_KINDS.filter((kind) => kind !== 'unsigned-webhook' || route.signed);
  return kinds.map((kind) => ({
    kind,
    method: route.method,
    path: route.path,
    chunked: kind === 'oversized',
    ...junk(kind, route),
  }));
}

/**
 * `bytes` of junk, an equal share per kind, each kind's requests taking the routes in turn.
 * Oversized bodies take signed routes first: their limit is the route's own, while every other
 * route shares the general one, so a few of those stand for all.
 */
export function junkOfVolume(routes: readonly BodyRoute[], bytes: number): JunkRequest[] {
  const ordered = [...routes].sort((a, b) => Number(b.signed) - Number(a.signed));
  const all = ordered.flatMap(junkFor);
  const perKind = JUNK_KINDS.map((kind) => all.filter((request) => request.kind === kind)).filter(
    (requests) => requests.length > 0,
  );
  const share = bytes / perKind.length;
  const lists = perKind.map((requests) => inTurnUntil(requests, share));
  // Interleaved, so no kind has the system to itself for a stretch.
  const longest = Math.max(...lists.map((list) => list.length));
  return Array.from({ length: longest }, (_, i) =>
    lists.flatMap((list) => (i < list.length ? [list[i] as JunkRequest] : [])),
  ).flat();
}

function inTurnUntil(requests: readonly JunkRequest[], bytes: number): JunkRequest[] {
  const out: JunkRequest[] = [];
  for (let i = 0, sum = 0; sum < bytes; i++) {
    const request = requests[i % requests.length] as JunkRequest;
    out.push(request);
    sum += request.body.length;
  }
  return out;
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
      // Cut before its closing quote: an unterminated string.
      return { headers: json, body: jsonOfSize(READ_BODY_BYTES).subarray(0, READ_BODY_BYTES - 2) };
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

/** One buffer per size, shared by every request that sends it (5 MiB each adds up). */
const jsonBodies = new Map<number, Buffer>();

function jsonOfSize(bytes: number): Buffer {
  let body = jsonBodies.get(bytes);
  if (body === undefined) {
    const open = '{"junk":"';
    body = Buffer.from(`${open}${'x'.repeat(bytes - open.length - 2)}"}`);
    jsonBodies.set(bytes, body);
  }
  return body;
}

/** Shaped like an event (id, type, data), so only the signature can tell it is forged. */
function stripeLikeEventOfSize(bytes: number): Buffer {
  const head = `{"id":"evt_${randomBytes(8).toString('hex')}","object":"event","type":"customer.subscription.updated","created":${unixNow()},"data":{"object":{"id":"sub_abuse","padding":"`;
  return Buffer.from(`${head}${'p'.repeat(bytes - head.length - 4)}"}}}`);
}

function unixNow(): number {
  return Math.floor(Date.now() / 1000);
}
