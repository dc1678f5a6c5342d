import { isLiveChannel, LiveUpdate } from '@vantage/contracts';

const MAX_EVENT_TYPE_LENGTH = 200;

export type ReadLiveUpdate =
  | { readonly ok: true; readonly update: LiveUpdate }
  | { readonly ok: false; readonly reason: string };

/**
 * Checks a LIVE_UPDATE_EVENT payload from the transport before it reaches any client: a
 * malformed update from one service must not reach, or break, another org's sockets.
 */
export function readLiveUpdate(payload: unknown): ReadLiveUpdate {
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return { ok: false, reason: 'payload is not an object' };
  }
  const fields = payload as Record<string, unknown>;
  const { orgId, channel, type, data, at } = fields;
  if (typeof orgId !== 'string' || orgId === '') return { ok: false, reason: 'orgId missing' };
  if (!isLiveChannel(channel)) return { ok: false, reason: 'unknown channel' };
  if (typeof type !== 'string' || type === '' || type.length > MAX_EVENT_TYPE_LENGTH) {
    return { ok: false, reason: 'type missing or too long' };
  }
  if (typeof at !== 'string' || Number.isNaN(Date.parse(at))) {
    return { ok: false, reason: 'at is not a date' };
  }
  return { ok: true, update: { orgId, channel, type, data: data ?? null, at } };
}
