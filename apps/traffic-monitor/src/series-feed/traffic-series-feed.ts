import { Inject, Injectable } from '@nestjs/common';
import {
  type Actor,
  type FlushedTrafficSeries,
  TRAFFIC_SERIES_FLUSHED_EVENT,
  TRAFFIC_SERIES_FLUSHED_MAX_ITEMS,
  type TrafficSeriesFlushedEvent,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { lastValueFrom } from 'rxjs';
import { ServiceEmitter } from '../messaging/service-emitter';

const FEED_ACTOR: Actor = { kind: 'service', id: 'traffic-monitor:series-feed', roles: [] };

interface Minutes {
  first: number;
  last: number;
}

/**
 * Tells telemetry which event ids a flush wrote minute counts for, and over which minutes
 * (TRAFFIC_SERIES_FLUSHED_EVENT), so its traffic series catalogue follows the flushes and
 * listing traffic series never asks this service. The flusher adds each flushed minute bucket
 * and publishes after each shard: one event per organisation (or a few past
 * TRAFFIC_SERIES_FLUSHED_MAX_ITEMS ids). What could not be published is kept and goes with the
 * next pass; a failure is logged, never thrown into the flush.
 */
@Injectable()
export class TrafficSeriesFeed {
  private pending = new Map<string, Map<string, Minutes>>();

  constructor(
    private readonly emitter: ServiceEmitter,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  /** The event ids counted in one flushed minute bucket of an organisation. */
  addMinute(orgId: string, startMs: number, eventIds: Iterable<string>): void {
    const org = this.pendingOf(orgId);
    for (const eventId of eventIds) widen(org, eventId, { first: startMs, last: startMs });
  }

  /** Publishes what was added since the last call. */
  async publish(): Promise<void> {
    const orgs = this.pending;
    this.pending = new Map();
    await Promise.all(
      [...orgs].map(async ([orgId, series]) => {
        try {
          for (const event of eventsOf(series)) await this.emit(orgId, event);
        } catch (error) {
          // Kept whole: telemetry applies the same ids twice with the same result.
          const kept = this.pendingOf(orgId);
          for (const [eventId, minutes] of series) widen(kept, eventId, minutes);
          this.logger.warn({ orgId, err: error }, 'flushed traffic series not published');
        }
      }),
    );
  }

  private pendingOf(orgId: string): Map<string, Minutes> {
    let org = this.pending.get(orgId);
    if (!org) {
      org = new Map();
      this.pending.set(orgId, org);
    }
    return org;
  }

  private emit(orgId: string, event: TrafficSeriesFlushedEvent): Promise<void> {
    return this.emitter.emitAs(orgId, FEED_ACTOR, (client) =>
      lastValueFrom(client.emit(TRAFFIC_SERIES_FLUSHED_EVENT, event), { defaultValue: undefined }),
    );
  }
}

function widen(org: Map<string, Minutes>, eventId: string, minutes: Minutes): void {
  const known = org.get(eventId);
  if (!known) org.set(eventId, { ...minutes });
  else {
    known.first = Math.min(known.first, minutes.first);
    known.last = Math.max(known.last, minutes.last);
  }
}

function eventsOf(series: Map<string, Minutes>): TrafficSeriesFlushedEvent[] {
  const items: FlushedTrafficSeries[] = [...series].map(([eventId, { first, last }]) => ({
    eventId,
    first: new Date(first).toISOString(),
    last: new Date(last).toISOString(),
  }));
  const events: TrafficSeriesFlushedEvent[] = [];
  for (let start = 0; start < items.length; start += TRAFFIC_SERIES_FLUSHED_MAX_ITEMS) {
    events.push({ series: items.slice(start, start + TRAFFIC_SERIES_FLUSHED_MAX_ITEMS) });
  }
  return events;
}
