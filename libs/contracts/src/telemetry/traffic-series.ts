import { IsIn, IsInt, IsISO8601, Matches, Max, Min } from 'class-validator';

/**
 * Read-only patterns the traffic monitor answers for the telemetry service, so traffic event
 * counts can be read as series without being copied (apps/traffic-monitor/src/series-export).
 */
export const TRAFFIC_SERIES_EXPORT_PATTERNS = {
  /** Zero-filled counts of one event id (summed over its dimension sets) at one resolution. */
  counts: 'traffic-monitor.series-export.counts.1',
  /** Event ids counted in a range, with their totals, largest first. */
  eventIds: 'traffic-monitor.series-export.event-ids.1',
} as const;

export const TRAFFIC_EXPORT_RESOLUTIONS = ['minute', 'hour', 'day'] as const;
export type TrafficExportResolution = (typeof TRAFFIC_EXPORT_RESOLUTIONS)[number];

/** The most buckets one counts request may cover. */
export const TRAFFIC_EXPORT_MAX_BUCKETS = 50_000;

export class TrafficCountsRequest {
  @Matches(/^[A-Za-z0-9._:-]{1,200}$/)
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
