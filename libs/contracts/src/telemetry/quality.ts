import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Data quality of a stored series over a window: completeness (missing intervals), timeliness
 * (lag of the last sample), validity (non-finite values, negative counts) and duplicates (one
 * timestamp twice). A flagged series should not raise alarms: its data is the problem.
 */
export const QUALITY_REASONS = [
  'no_data',
  'incomplete',
  'stale',
  'invalid_values',
  'duplicates',
] as const;
export type QualityReason = (typeof QUALITY_REASONS)[number];

/** Thresholds past which a series is flagged (also documented in apps/telemetry/README.md). */
export const QUALITY_THRESHOLDS = {
  /** Flag below this share of expected intervals holding a sample. */
  minCompleteness: 0.9,
  /** Stale when the last sample is older than max(staleIntervals x interval, minStaleMs). */
  staleIntervals: 3,
  minStaleMs: 120_000,
  /** Flag above this share of invalid (non-finite, negative count) samples. */
  maxInvalidRatio: 0.01,
  /** Flag above this share of samples repeating a timestamp. */
  maxDuplicateRatio: 0.01,
} as const;

export const QUALITY_DEFAULT_WINDOW = '1h';
export const QUALITY_MAX_WINDOW_MS = 86_400_000;

/**
 * A window of 1m to 1d written as a duration (`60s`-`86400s`, `1m`-`1440m`, `1h`-`24h`, `1d`):
 * the bounds in the pattern itself, so that the API document says exactly what is accepted.
 */
export const QUALITY_WINDOW_PATTERN =
  /^(?:(?:[6-9]\d|[1-9]\d{2,3}|[1-7]\d{4}|8[0-5]\d{3}|86[0-3]\d{2}|86400)s|(?:[1-9]\d{0,2}|1[0-3]\d{2}|14[0-3]\d|1440)m|(?:[1-9]|1\d|2[0-4])h|1d)$/;

const windowRules = {
  message: 'window must be a duration such as 30m, 1h or 1d (at most 1d)',
} as const;

export class SeriesQualityQueryDto {
  @ApiPropertyOptional({
    example: '1h',
    default: QUALITY_DEFAULT_WINDOW,
    description: 'The window ending now that is judged; at most 1d.',
  })
  @OptionalNotNull()
  @IsString()
  @Matches(QUALITY_WINDOW_PATTERN, windowRules)
  window?: string;
}

export class SeriesQualityMessage extends SeriesQualityQueryDto {
  @IsString()
  @MaxLength(220)
  id!: string;
}

export class QualityListQueryDto extends SeriesQualityQueryDto {
  @ApiPropertyOptional({ description: 'Only flagged series (`true`) or only healthy ones.' })
  @OptionalNotNull()
  @Transform(({ value }: { value: unknown }) =>
    value === 'true' ? true : value === 'false' ? false : value,
  )
  @IsBoolean()
  flagged?: boolean;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 200 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit?: number;
}

export class QualityGapDto {
  @ApiProperty({ description: 'Last sample before the gap (or the window start).' })
  from!: string;

  @ApiProperty({ description: 'First sample after the gap (or the window end).' })
  to!: string;

  @ApiProperty({ description: 'Intervals without a sample.' })
  missing!: number;
}

export class CompletenessDto {
  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: '1 - missing / expected; null when the cadence is unknown (one sample).',
  })
  ratio!: number | null;

  @ApiProperty({ description: 'Intervals that should hold a sample in the window.' })
  expected!: number;

  @ApiProperty()
  missing!: number;

  @ApiProperty({ type: [QualityGapDto], description: 'Oldest first, at most 20.' })
  gaps!: QualityGapDto[];
}

export class TimelinessDto {
  @ApiPropertyOptional({ nullable: true, type: String })
  lastTimestamp!: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'now - lastTimestamp' })
  lagMs!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  staleAfterMs!: number | null;
}

export class ValidityDto {
  @ApiProperty({ description: 'Valid samples stored in the window.' })
  valid!: number;

  @ApiProperty({ description: 'Samples refused for a null, NaN or infinite value.' })
  nonFinite!: number;

  @ApiProperty({ description: 'Samples of a count series refused for a negative value.' })
  negative!: number;

  @ApiProperty()
  invalidRatio!: number;
}

export class DuplicatesDto {
  @ApiProperty({ description: 'Samples whose timestamp the series already had.' })
  count!: number;

  @ApiProperty()
  ratio!: number;
}

export class SeriesQualityDto {
  @ApiProperty()
  seriesId!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  labels!: Record<string, string>;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiPropertyOptional({ nullable: true, type: Number })
  intervalMs!: number | null;

  @ApiProperty({ enum: ['declared', 'inferred', 'unknown'] })
  intervalSource!: 'declared' | 'inferred' | 'unknown';

  @ApiProperty({ type: CompletenessDto })
  completeness!: CompletenessDto;

  @ApiProperty({ type: TimelinessDto })
  timeliness!: TimelinessDto;

  @ApiProperty({ type: ValidityDto })
  validity!: ValidityDto;

  @ApiProperty({ type: DuplicatesDto })
  duplicates!: DuplicatesDto;

  @ApiProperty({
    minimum: 0,
    maximum: 100,
    description: '40% completeness, 20% each timeliness, validity and duplicates.',
  })
  score!: number;

  @ApiProperty({ description: 'true when any reason applies: alarm on this series with care.' })
  flagged!: boolean;

  @ApiProperty({ enum: QUALITY_REASONS, isArray: true })
  reasons!: QualityReason[];
}

export class QualityListDto {
  @ApiProperty({ type: [SeriesQualityDto], description: 'Lowest score first.' })
  items!: SeriesQualityDto[];
}
