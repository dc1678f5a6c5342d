import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Anomalies found by the streaming detector on telemetry series: each new point is scored
 * against the points before it; points scoring at or above the threshold are stored and announced
 * on /ws channel `telemetry` (no event stream carries them until a service consumes them).
 */
export const TELEMETRY_ANOMALY_PATTERNS = {
  list: 'telemetry.anomalies.list.1',
  get: 'telemetry.anomalies.get.1',
  acknowledge: 'telemetry.anomalies.acknowledge.1',
} as const;

/** The `type` of the live updates on channel `telemetry`. */
export const TELEMETRY_ANOMALY_LIVE_EVENTS = {
  detected: 'anomaly.detected',
  acknowledged: 'anomaly.acknowledged',
} as const;

export const ANOMALY_STATUSES = ['open', 'acknowledged'] as const;
export type AnomalyStatus = (typeof ANOMALY_STATUSES)[number];

/** The detector's reasons (libs/anomaly AnomalyReason) that can make an anomaly. */
export const ANOMALY_KINDS = [
  'spike',
  'dip',
  'level-shift-up',
  'level-shift-down',
  'variance-increase',
  'variance-decrease',
  'out-of-range',
] as const;
export type AnomalyKind = (typeof ANOMALY_KINDS)[number];

/** `tan_` and 20 base62 characters. */
export const ANOMALY_ID_PATTERN = /^tan_[A-Za-z0-9]{20}$/;
export const ANOMALY_LIST_DEFAULT_LIMIT = 50;
export const ANOMALY_LIST_MAX_LIMIT = 500;

function commaSeparated({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.split(',').map((part) => part.trim()) : value;
}

export class ListAnomaliesDto {
  @ApiPropertyOptional({ example: 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(220)
  seriesId?: string;

  @ApiPropertyOptional({ enum: ANOMALY_STATUSES, isArray: true, description: 'Comma-separated.' })
  @OptionalNotNull()
  @Transform(commaSeparated)
  @IsArray()
  @ArrayNotEmpty()
  @ArrayUnique()
  @IsIn(ANOMALY_STATUSES, { each: true })
  status?: AnomalyStatus[];

  @ApiPropertyOptional({ description: 'Point timestamp at or after (ISO 8601).' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'Point timestamp before (ISO 8601).' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 1 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(1)
  minScore?: number;

  @ApiPropertyOptional({ description: '`nextCursor` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{1,200}$/, { message: 'cursor is not a cursor of this list' })
  cursor?: string;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: ANOMALY_LIST_MAX_LIMIT,
    default: ANOMALY_LIST_DEFAULT_LIMIT,
  })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(ANOMALY_LIST_MAX_LIMIT)
  limit?: number;
}

export class AnomalyIdMessage {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class AnomalyExplanationDto {
  @ApiProperty({ enum: ANOMALY_KINDS })
  kind!: AnomalyKind;

  @ApiProperty({ example: 'value 940 above the expected range 88-131 (spike)' })
  summary!: string;

  @ApiProperty()
  observed!: number;

  @ApiPropertyOptional({ nullable: true, type: Number })
  expected!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'expected - 3 sigma' })
  expectedLow!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'expected + 3 sigma' })
  expectedHigh!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  seasonalPeriodMs!: number | null;
}

export class AnomalyDto {
  @ApiProperty({ example: 'tan_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  seriesId!: string;

  @ApiProperty({ description: 'Start of the step the point covers.' })
  timestamp!: string;

  @ApiProperty()
  stepMs!: number;

  @ApiProperty({ minimum: 0, maximum: 1 })
  score!: number;

  @ApiProperty({ type: AnomalyExplanationDto })
  explanation!: AnomalyExplanationDto;

  @ApiProperty({ enum: ANOMALY_STATUSES })
  status!: AnomalyStatus;

  @ApiProperty({
    description:
      'true when the series was flagged by data quality: stored, but not announced or alerted on.',
  })
  suppressed!: boolean;

  @ApiProperty({ type: [String], description: 'The quality reasons when suppressed.' })
  qualityReasons!: string[];

  @ApiProperty()
  detectedAt!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  acknowledgedAt!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  acknowledgedBy!: string | null;
}

export class AnomalyPageDto {
  @ApiProperty({ type: [AnomalyDto], description: 'Newest point first.' })
  items!: AnomalyDto[];

  @ApiPropertyOptional({ type: String, nullable: true })
  nextCursor!: string | null;
}
