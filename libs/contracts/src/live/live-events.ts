import type { AnomalyDto } from '../telemetry/anomalies';
import { TELEMETRY_ANOMALY_LIVE_EVENTS } from '../telemetry/anomalies';
import type { SloBurnRateEvent } from '../telemetry/slos';
import { SLO_BURN_RATE_LIVE_EVENT } from '../telemetry/slos';
import type { AlertDto, TrafficStatusChangedUpdate } from '../traffic/alerts';
import { ALERT_LIVE_EVENTS, TRAFFIC_STATUS_CHANGED_LIVE_EVENT } from '../traffic/alerts';
import type { LiveChannel } from './live-update';

/**
 * Every event a service publishes to /ws, by channel, and the `data` each one carries: the
 * contract that docs/websocket.md's table states (a test keeps the two the same).
 */

/** Published on `traffic` after a flush wrote an organisation's minute counts to the store. */
export const TRAFFIC_COUNTS_FLUSHED_LIVE_EVENT = 'traffic.counts.flushed';

/** Event ids listed by count in one `traffic.counts.flushed` update; the rest are counted. */
export const TRAFFIC_FLUSHED_MAX_EVENT_IDS = 100;

/** One event id's count in the minutes of a `traffic.counts.flushed` update. */
export interface TrafficEventCount {
  readonly eventId: string;
  readonly count: number;
}

/**
 * `data` of a `traffic.counts.flushed` live update: what one flush pass wrote for one
 * organisation, summed over its dimension sets. Usually one minute; more after a backlog.
 */
export interface TrafficCountsFlushedUpdate {
  /** Start of the earliest minute flushed (ISO 8601). */
  readonly from: string;
  /** End of the latest minute flushed (exclusive). */
  readonly to: string;
  /** How many minute buckets were flushed. */
  readonly minutes: number;
  /** Sum of the counts flushed. */
  readonly total: number;
  /** Largest counts first, at most TRAFFIC_FLUSHED_MAX_EVENT_IDS, ties by event id. */
  readonly counts: readonly TrafficEventCount[];
  /** Event ids left out of `counts`. */
  readonly truncated: number;
}

/** Event names per channel: `event` of the `update` frames a subscriber can receive. */
export const LIVE_EVENTS = {
  traffic: [TRAFFIC_COUNTS_FLUSHED_LIVE_EVENT, TRAFFIC_STATUS_CHANGED_LIVE_EVENT],
  alerts: [ALERT_LIVE_EVENTS.raised, ALERT_LIVE_EVENTS.acknowledged, ALERT_LIVE_EVENTS.resolved],
  telemetry: [
    TELEMETRY_ANOMALY_LIVE_EVENTS.detected,
    TELEMETRY_ANOMALY_LIVE_EVENTS.acknowledged,
    SLO_BURN_RATE_LIVE_EVENT,
  ],
} as const satisfies Readonly<Record<LiveChannel, readonly string[]>>;

export type LiveEventName = (typeof LIVE_EVENTS)[LiveChannel][number];

/** The `data` of each event. */
export interface LiveEventData {
  'traffic.counts.flushed': TrafficCountsFlushedUpdate;
  'traffic.status.changed': TrafficStatusChangedUpdate;
  'alert.raised': AlertDto;
  'alert.acknowledged': AlertDto;
  'alert.resolved': AlertDto;
  'anomaly.detected': AnomalyDto;
  'anomaly.acknowledged': AnomalyDto;
  'slo.burn-rate': SloBurnRateEvent;
}

// Every event has a payload type and every payload type an event (checked when compiling).
type Exactly<A, B> = [A] extends [B] ? ([B] extends [A] ? true : never) : never;
const EVERY_EVENT_TYPED: Exactly<keyof LiveEventData, LiveEventName> = true;
void EVERY_EVENT_TYPED;

/** The channel of an event name, or undefined for a name no service publishes. */
export function liveChannelOf(event: string): LiveChannel | undefined {
  for (const [channel, events] of Object.entries(LIVE_EVENTS) as [
    LiveChannel,
    readonly string[],
  ][]) {
    if (events.includes(event)) return channel;
  }
  return undefined;
}
