import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * The series catalogue and its points. A series is a name plus a label set, of one organisation:
 * samples clients push, Vantage's own golden signals (system org), and the traffic monitor's
 * event counts (read through the transport, never copied).
 */
export const TELEMETRY_SERIES_PATTERNS = {
  list: 'telemetry.series.list.1',
  get: 'telemetry.series.get.1',
  points: 'telemetry.series.points.1',
  quality: 'telemetry.series.quality.1',
  /** Quality of every stored series of the org over one window (optionally only flagged ones). */
  qualityList: 'telemetry.quality.list.1',
} as const;

/** Stored series: `ser_` and 22 base64url characters of a hash of name and sorted labels. */
export const STORED_SERIES_ID_PATTERN = /^ser_[A-Za-z0-9_-]{22}$/;
/** The traffic monitor's count of one event id: `traffic:` and the event id. */
export const TRAFFIC_SERIES_ID_PATTERN = /^traffic:[A-Za-z0-9._:-]{1,200}$/;
export const TRAFFIC_SERIES_PREFIX = 'traffic:';
/** The name under which traffic event counts are listed; the event id is the `eventId` label. */
export const TRAFFIC_SERIES_NAME = 'traffic.events.count';

/** Any series id, stored or traffic (the two patterns above, anchored once). */
export const SERIES_ID_PATTERN = new RegExp(
  `^(?:${[STORED_SERIES_ID_PATTERN, TRAFFIC_SERIES_ID_PATTERN].map((p) => p.source.slice(1, -1)).join('|')})$`,
);

export function isSeriesId(value: string): boolean {
  return SERIES_ID_PATTERN.test(value);
}

export const SERIES_SOURCES = ['samples', 'golden-signals', 'traffic'] as const;
export type SeriesSource = (typeof SERIES_SOURCES)[number];

/** `count`: never negative, summed over time. `gauge`: anything else. */
export const SERIES_KINDS = ['gauge', 'count'] as const;
export type SeriesKind = (typeof SERIES_KINDS)[number];

export const AGGREGATIONS = ['avg', 'sum', 'min', 'max', 'count', 'last'] as const;
export type Aggregation = (typeof AGGREGATIONS)[number];

/** `30s`, `5m`, `1h`, `7d`. */
export const DURATION_PATTERN = /^[1-9]\d{0,6}[smhd]$/;
/** Most points one read returns. */
export const SERIES_MAX_POINTS = 10_000;
/** Smallest step: the minute buckets the points are stored in. */
export const SERIES_MIN_STEP_MS = 60_000;
export const SERIES_LIST_MAX_LIMIT = 1000;

export class SeriesDto {
  @ApiProperty({ example: 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f' })
  id!: string;

  @ApiProperty({ example: 'vantage.gateway.latency_p95_ms' })
  name!: string;

  @ApiProperty({ example: { route: 'GET /api/v1/rad-sets' } })
  labels!: Record<string, string>;

  @ApiProperty({ enum: SERIES_KINDS })
  kind!: SeriesKind;

  @ApiProperty({ enum: SERIES_SOURCES })
  source!: SeriesSource;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description:
      'The cadence the series is reported at, when declared (golden signals, traffic buckets); ' +
      'otherwise quality infers it from the samples.',
  })
  intervalMs!: number | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Earliest sample stored.' })
  firstTimestamp!: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'Latest sample stored, refreshed at most once a minute (quality has it exact).',
  })
  lastTimestamp!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  createdAt!: string | null;
}

export class SeriesListQueryDto {
  @ApiPropertyOptional({
    enum: SERIES_SOURCES,
    description:
      'Stored series (samples and golden signals) when absent; `traffic` lists the event ids ' +
      'whose counts the traffic monitor has flushed (each appears once its first minute is ' +
      'flushed), by id.',
  })
  @OptionalNotNull()
  @IsIn(SERIES_SOURCES)
  source?: SeriesSource;

  @ApiPropertyOptional({ maxLength: 200, example: 'vantage.gateway.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  namePrefix?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: SERIES_LIST_MAX_LIMIT, default: 100 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SERIES_LIST_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(250)
  after?: string;
}

export class SeriesListDto {
  @ApiProperty({ type: [SeriesDto], description: 'By name, then id.' })
  items!: SeriesDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `after`.' })
  next!: string | null;
}

/** Messages that name one series carry its id. */
export class SeriesIdMessage {
  @IsString()
  @MaxLength(220)
  id!: string;
}

export class SeriesPointsQueryDto {
  @ApiPropertyOptional({ description: 'Inclusive; default `to` minus 24 hours.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Exclusive; default now.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({
    example: '5m',
    description:
      'Width of a point: a whole number of minutes (`1m`, `15m`, `1h`, `1d`, or `120s`). ' +
      `Default: the smallest of 1m 5m 15m 1h 6h 1d giving at most 1,000 points. At most ` +
      `${SERIES_MAX_POINTS} points per read. Steps of whole hours read hourly rollups.`,
  })
  @OptionalNotNull()
  @Matches(DURATION_PATTERN, { message: 'step must be a duration such as 60s, 5m, 1h or 1d' })
  step?: string;

  @ApiPropertyOptional({ enum: AGGREGATIONS, default: 'avg' })
  @OptionalNotNull()
  @IsIn(AGGREGATIONS)
  aggregation?: Aggregation;
}

export class SeriesPointsMessage extends SeriesPointsQueryDto {
  @IsString()
  @MaxLength(220)
  id!: string;
}

export class SeriesPointDto {
  @ApiProperty({ description: 'Start of the step (UTC, aligned to the step).' })
  timestamp!: string;

  @ApiProperty({ nullable: true, type: Number, description: 'null: no sample in this step.' })
  value!: number | null;
}

export class SeriesPointsDto {
  @ApiProperty()
  seriesId!: string;

  @ApiProperty({ description: 'First point’s start: `from` aligned down to the step.' })
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty()
  stepMs!: number;

  @ApiProperty({ enum: AGGREGATIONS })
  aggregation!: Aggregation;

  @ApiProperty({ type: [SeriesPointDto], description: 'One per step, oldest first.' })
  points!: SeriesPointDto[];
}
