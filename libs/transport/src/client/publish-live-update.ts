import type { ClientProxy } from '@nestjs/microservices';
import {
  liveChannelOf,
  LIVE_UPDATE_EVENT,
  type LiveEventData,
  type LiveEventName,
  LiveUpdate,
} from '@vantage/contracts';
import { lastValueFrom } from 'rxjs';

/** A live update as a service builds it; `at` defaults to now. */
export type LiveUpdateDraft<T = unknown> = Omit<LiveUpdate<T>, 'at'> & { readonly at?: string };

/** One of the events of the contracts (LIVE_EVENTS), with the data its name promises. */
export interface LiveEventDraft<E extends LiveEventName> {
  readonly orgId: string;
  readonly type: E;
  readonly data: LiveEventData[E];
  readonly at?: string;
}

/**
 * Pushes an update to the WebSocket clients of `update.orgId` subscribed to its channel, on
 * every gateway replica. Resolves once Redis has stored it (ClientProxy.emit is lazy: an
 * observable nobody subscribes to sends nothing). Delivery to sockets is best effort: a client
 * that is not connected at that moment does not receive it later.
 */
export async function publishLiveUpdate<T>(
  client: ClientProxy,
  update: LiveUpdateDraft<T>,
): Promise<void> {
  const payload: LiveUpdate<T> = { ...update, at: update.at ?? new Date().toISOString() };
  await lastValueFrom(client.emit(LIVE_UPDATE_EVENT, payload), { defaultValue: undefined });
}

/**
 * publishLiveUpdate for an event of the contracts: the channel follows from the name and the
 * compiler checks the data, so what services send stays what docs/websocket.md promises.
 */
export async function publishLiveEvent<E extends LiveEventName>(
  client: ClientProxy,
  event: LiveEventDraft<E>,
): Promise<void> {
  const channel = liveChannelOf(event.type);
  // Unreachable for a name the compiler accepted; a cast could still bring one.
  if (channel === undefined) throw new Error(`${event.type} is not a live event of the contracts`);
  return publishLiveUpdate(client, { ...event, channel });
}
