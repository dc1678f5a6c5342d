import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import { upsertById } from './upsert-by-id';
import {
  type FlushedMinutes,
  TrafficSeriesCatalogueEntry,
} from './traffic-series-catalogue.schema';

/** An event id and the minutes one flush counted it in. */
export interface TrafficSighting {
  readonly eventId: string;
  readonly firstMs: number;
  readonly lastMs: number;
}

/**
 * Key of an event id in `series`: a field name may hold no `.`, and event ids hold no `~`, so
 * the mapping is one to one. The `e` keeps keys such as `__proto__` from meaning anything.
 */
export function trafficSeriesKey(eventId: string): string {
  return `e${eventId.replaceAll('.', '~')}`;
}

export function eventIdOfKey(key: string): string {
  return key.slice(1).replaceAll('~', '.');
}

/** The filter of every query: the organisation's document by `_id` alone. */
export function trafficCatalogueFilter(orgId: string): { _id: string } {
  return { _id: orgId };
}

/**
 * The update that widens the minutes of these event ids ($min/$max: deliveries in any order,
 * or twice, end the same).
 */
export function trafficCatalogueWidening(
  sightings: readonly TrafficSighting[],
  now: Date,
): mongo.UpdateFilter<TrafficSeriesCatalogueEntry> {
  const $min: Record<string, number> = {};
  const $max: Record<string, number> = {};
  for (const { eventId, firstMs, lastMs } of sightings) {
    const key = trafficSeriesKey(eventId);
    $min[`series.${key}.f`] = Math.min(firstMs, $min[`series.${key}.f`] ?? firstMs);
    $max[`series.${key}.l`] = Math.max(lastMs, $max[`series.${key}.l`] ?? lastMs);
  }
  return {
    $min,
    $max,
    $set: { updatedAt: now },
  } as mongo.UpdateFilter<TrafficSeriesCatalogueEntry>;
}

/** What a listing reads: the flushed event ids with their minutes, and the backfilled ids. */
export interface TrafficCatalogueRead {
  readonly series: ReadonlyMap<string, FlushedMinutes>;
  readonly backfill: readonly string[];
  readonly backfilled: boolean;
}

/** The only place that touches the traffic series catalogue. Every query is by `_id` alone. */
@Injectable()
export class TrafficSeriesCatalogueRepository {
  private readonly collection: mongo.Collection<TrafficSeriesCatalogueEntry>;

  constructor(
    @InjectModel(TrafficSeriesCatalogueEntry.name) model: Model<TrafficSeriesCatalogueEntry>,
  ) {
    this.collection = model.collection as unknown as mongo.Collection<TrafficSeriesCatalogueEntry>;
  }

  async read(orgId: string): Promise<TrafficCatalogueRead> {
    const doc = await this.collection.findOne(trafficCatalogueFilter(orgId));
    const series = new Map<string, FlushedMinutes>();
    for (const [key, minutes] of Object.entries(doc?.series ?? {})) {
      series.set(eventIdOfKey(key), minutes);
    }
    return { series, backfill: doc?.backfill ?? [], backfilled: doc?.backfilledAt !== undefined };
  }

  async widen(orgId: string, sightings: readonly TrafficSighting[], now: Date): Promise<void> {
    if (sightings.length === 0) return;
    // Events of one org (redelivered, late) widen its one document in turn (upsertById).
    await upsertById(
      this.collection,
      trafficCatalogueFilter(orgId),
      trafficCatalogueWidening(sightings, now),
    );
  }

  /** Records the event ids known before the flushes were followed; once per organisation. */
  async backfill(orgId: string, eventIds: readonly string[], now: Date): Promise<void> {
    await upsertById(this.collection, trafficCatalogueFilter(orgId), {
      $set: { backfill: [...eventIds], backfilledAt: now, updatedAt: now },
    });
  }
}
