import type { ClientProxy } from '@nestjs/microservices';
import { LIVE_UPDATE_EVENT, LiveUpdate } from '@vantage/contracts';
import { lastValueFrom } from 'rxjs';

/** A live update as a service builds it; `at` defaults to now. */
export type LiveUpdateDraft<T = unknown> = Omit<LiveUpdate<T>, 'at'> & { readonly at?: string };

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
