import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

/**
 * Read-only patterns the traffic monitor answers for the telemetry service, so traffic event
 * counts can be read as series without being copied (apps/traffic-monitor/src/series-export).
 */
export const TRAFFIC_SERIES_EXPORT_PATTERNS = {
  /** Zero-filled counts of one event id (summed over its dimension sets) at one resolution. */
  counts: 'traffic-monitor.series-export.counts.1',
  /** Event ids counted in a range, with their totals, largest first. */
  eventIds: 'traffic-monitor.series-export.event-ids.1',
  /**
   * The event ids the organisation has sent, as catalogued when their counts were flushed (one
   * keyed read): how telemetry fills its traffic series catalogue for counts flushed before it
   * listened to TRAFFIC_SERIES_FLUSHED_EVENT.
   */
  catalogued: 'traffic-monitor.series-export.catalogued.1',
} as const;

/** An event id as the traffic monitor accepts it. */
export const TRAFFIC_EVENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,200}$/;

export const TRAFFIC_EXPORT_RESOLUTIONS = ['minute', 'hour', 'day'] as const;
export type TrafficExportResolution = (typeof TRAFFIC_EXPORT_RESOLUTIONS)[number];

/** The most buckets one counts request may cover. */
export const TRAFFIC_EXPORT_MAX_BUCKETS = 50_000;

export class TrafficCountsRequest {
  @Matches(TRAFFIC_EVENT_ID_PATTERN)
  eventId!: string;

  @IsIn(TRAFFIC_EXPORT_RESOLUTIONS)
  resolution!: TrafficExportResolution;

  /** Inclusive; aligned to the resolution. */
  @IsISO8601({ strict: true })
  from!: string;

  /** Exclusive. */
  @IsISO8601({ strict: true })
  to!: string;
}

export interface TrafficCountsReply {
  readonly eventId: string;
  readonly resolution: TrafficExportResolution;
  /** Start of the first bucket; counts[i] is the bucket starting i resolutions later. */
  readonly from: string;
  readonly counts: number[];
}

export class TrafficEventIdsRequest {
  @IsISO8601({ strict: true })
  from!: string;

  @IsISO8601({ strict: true })
  to!: string;

  @IsInt()
  @Min(1)
  @Max(10_000)
  limit!: number;
}

export interface TrafficEventIdsReply {
  readonly items: { readonly eventId: string; readonly count: number }[];
}

export interface TrafficCataloguedReply {
  /** First sent first; at most EVENT_ID_CATALOGUE_MAX. */
  readonly eventIds: readonly string[];
}

/**
 * Emitted by the traffic monitor after a flush pass wrote minute counts of an organisation (the
 * org is in the envelope): each event id counted and the first and last minute it was counted
 * in. Telemetry keeps its catalogue of traffic series from it, so listing them asks nobody.
 * Delivered at least once; applying one twice changes nothing.
 */
export const TRAFFIC_SERIES_FLUSHED_EVENT = 'telemetry.traffic-series.flushed';

/** Event ids one TRAFFIC_SERIES_FLUSHED_EVENT carries at most; more go in several. */
export const TRAFFIC_SERIES_FLUSHED_MAX_ITEMS = 1000;

export class FlushedTrafficSeries {
  @Matches(TRAFFIC_EVENT_ID_PATTERN)
  eventId!: string;

  /** Start of the first minute flushed with a count for it (ISO 8601). */
  @IsISO8601({ strict: true })
  first!: string;

  /** Start of the last minute flushed with a count for it. */
  @IsISO8601({ strict: true })
  last!: string;
}

export class TrafficSeriesFlushedEvent {
  @IsArray()
  @ArrayMaxSize(TRAFFIC_SERIES_FLUSHED_MAX_ITEMS)
  @ValidateNested({ each: true })
  @Type(() => FlushedTrafficSeries)
  series!: FlushedTrafficSeries[];
}
