import { Injectable } from '@nestjs/common';
import {
  type SeriesDto,
  type SeriesListDto,
  type SeriesListQueryDto,
  TRAFFIC_SERIES_NAME,
  TRAFFIC_SERIES_PREFIX,
} from '@vantage/contracts';
import {
  addsNews,
  CATALOGUE_LAG_MS,
  decodeCursor,
  DEFAULT_LIMIT,
  encodeCursor,
  type Remembered,
} from './series-catalogue';
import {
  type TrafficSighting,
  TrafficSeriesCatalogueRepository,
} from './traffic-series-catalogue.repository';
import type { FlushedMinutes } from './traffic-series-catalogue.schema';
import { TrafficSeriesClient } from './traffic-series.client';

/** Event ids catalogued per organisation at most (the old listing's cap); later ones are not. */
export const TRAFFIC_SERIES_CATALOGUE_MAX = 10_000;
/** Event ids remembered per replica over all organisations; past it the least recent org goes. */
const MAX_REMEMBERED = 100_000;

/**
 * The traffic series (`traffic:<eventId>`) of each organisation, kept from the traffic
 * monitor's flushes (TRAFFIC_SERIES_FLUSHED_EVENT) in one document per organisation, so a
 * listing is one read by `_id` and never asks the traffic monitor for event ids. Counts flushed
 * before telemetry followed the flushes are taken once per organisation, on its first listing,
 * from the traffic monitor's own event id catalogue (one keyed read there).
 *
 * Each replica remembers the minutes it knows are stored, so a flush that brings nothing new
 * (an event id counted again within CATALOGUE_LAG_MS) costs no write.
 */
@Injectable()
export class TrafficSeriesCatalogue {
  /** Per organisation, least recently used first. */
  private readonly known = new Map<string, Map<string, Remembered>>();

  constructor(
    private readonly repository: TrafficSeriesCatalogueRepository,
    private readonly traffic: TrafficSeriesClient,
  ) {}

  /** Widens the catalogue by what one flush counted; idempotent. */
  async record(
    orgId: string,
    sightings: readonly TrafficSighting[],
    now = new Date(),
  ): Promise<void> {
    const known = await this.knownOf(orgId);
    const changed: TrafficSighting[] = [];
    let added = 0;
    for (const sighting of sightings) {
      const remembered = known.get(sighting.eventId);
      if (!remembered && known.size + added >= TRAFFIC_SERIES_CATALOGUE_MAX) continue;
      const lagMs = CATALOGUE_LAG_MS.traffic;
      if (!addsNews(remembered, sighting.firstMs, sighting.lastMs, lagMs)) continue;
      if (!remembered) added += 1;
      changed.push(sighting);
    }
    if (changed.length === 0) return;
    await this.repository.widen(orgId, changed, now);
    for (const { eventId, firstMs, lastMs } of changed) {
      const remembered = known.get(eventId);
      known.set(eventId, {
        firstTimestamp: Math.min(firstMs, remembered?.firstTimestamp ?? firstMs),
        lastTimestamp: Math.max(lastMs, remembered?.lastTimestamp ?? lastMs),
      });
    }
    this.remember(orgId, known);
  }

  /** A page of the organisation's traffic series by id; `namePrefix` filters event ids. */
  async list(orgId: string, query: SeriesListQueryDto, now = new Date()): Promise<SeriesListDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = query.after ? decodeCursor(query.after) : undefined;
    let read = await this.repository.read(orgId);
    if (!read.backfilled) {
      const { eventIds } = await this.traffic.catalogued(orgId);
      await this.repository.backfill(orgId, eventIds, now);
      read = { ...read, backfill: eventIds, backfilled: true };
    }
    const eventIds = [...new Set([...read.series.keys(), ...read.backfill])]
      .sort()
      .slice(0, TRAFFIC_SERIES_CATALOGUE_MAX);
    const matching = eventIds.filter(
      (eventId) =>
        (!query.namePrefix || eventId.startsWith(query.namePrefix)) &&
        (!after || isAfter(TRAFFIC_SERIES_NAME, `${TRAFFIC_SERIES_PREFIX}${eventId}`, after)),
    );
    const page = matching.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map((eventId) => trafficSeriesDto(eventId, read.series.get(eventId))),
      next:
        matching.length > limit && last !== undefined
          ? encodeCursor(TRAFFIC_SERIES_NAME, `${TRAFFIC_SERIES_PREFIX}${last}`)
          : null,
    };
  }

  private async knownOf(orgId: string): Promise<Map<string, Remembered>> {
    const cached = this.known.get(orgId);
    if (cached) return cached;
    const { series } = await this.repository.read(orgId);
    const known = new Map<string, Remembered>();
    for (const [eventId, minutes] of series) {
      known.set(eventId, { firstTimestamp: minutes.f ?? null, lastTimestamp: minutes.l ?? null });
    }
    this.remember(orgId, known);
    return known;
  }

  /** Keeps the org's memory as the most recent, dropping the least recent past the cap. */
  private remember(orgId: string, known: Map<string, Remembered>): void {
    this.known.delete(orgId);
    this.known.set(orgId, known);
    let total = 0;
    for (const memory of this.known.values()) total += memory.size;
    for (const [oldest, memory] of this.known) {
      if (total <= MAX_REMEMBERED || oldest === orgId) break;
      this.known.delete(oldest);
      total -= memory.size;
    }
  }
}

/**
 * A traffic series: every valid event id has one (its counts are zero until events come).
 * `minutes`: the first and last minute its counts were flushed in, when catalogued.
 */
export function trafficSeriesDto(eventId: string, minutes?: FlushedMinutes): SeriesDto {
  const iso = (ms: number | undefined): string | null =>
    ms === undefined ? null : new Date(ms).toISOString();
  return {
    id: `${TRAFFIC_SERIES_PREFIX}${eventId}`,
    name: TRAFFIC_SERIES_NAME,
    labels: { eventId },
    kind: 'count',
    source: 'traffic',
    intervalMs: 60_000,
    firstTimestamp: iso(minutes?.f),
    lastTimestamp: iso(minutes?.l),
    createdAt: null,
  };
}

function isAfter(
  name: string,
  seriesId: string,
  after: { name: string; seriesId: string },
): boolean {
  return name > after.name || (name === after.name && seriesId > after.seriesId);
}
