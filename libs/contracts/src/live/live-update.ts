/** The org-scoped channels a /ws client can subscribe to. */
export const LIVE_CHANNELS = ['traffic', 'alerts', 'telemetry'] as const;

export type LiveChannel = (typeof LIVE_CHANNELS)[number];

export function isLiveChannel(value: unknown): value is LiveChannel {
  return typeof value === 'string' && (LIVE_CHANNELS as readonly string[]).includes(value);
}

/**
 * Services emit this event to reach WebSocket clients; every gateway replica receives it
 * (a broadcast) and passes it to its own subscribers of that org and channel.
 */
export const LIVE_UPDATE_EVENT = 'gateway.live.update';

export interface LiveUpdate<T = unknown> {
  readonly orgId: string;
  readonly channel: LiveChannel;
  /** What happened, e.g. `alert.raised`, `traffic.status.changed`. */
  readonly type: string;
  readonly data: T;
  readonly at: string;
}
