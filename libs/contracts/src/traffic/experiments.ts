import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsISO8601,
  IsNumber,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  EVENT_ID_GLOB_MAX_LENGTH,
  EVENT_ID_GLOB_PATTERN,
  MaxGlobStars,
  OptionalNotNull,
} from './rad-sets';
import { UniqueItemsBy } from '../validation/unique-items-by';

/**
 * A/B experiments: events that carry the `experiment` and `variant` dimensions, judged per
 * variant against the configured split (sample-ratio mismatch) and against the control.
 */
export const EXPERIMENT_PATTERNS = {
  list: 'traffic-monitor.experiments.list.1',
  get: 'traffic-monitor.experiments.get.1',
  create: 'traffic-monitor.experiments.create.1',
  update: 'traffic-monitor.experiments.update.1',
  delete: 'traffic-monitor.experiments.delete.1',
  health: 'traffic-monitor.experiments.health.1',
} as const;

/** The value events carry in their `experiment` dimension. */
export const EXPERIMENT_KEY_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const VARIANT_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
export const EXPERIMENT_MAX_VARIANTS = 20;

/** The longest window an experiment's health is computed over (hourly buckets). */
export const EXPERIMENT_MAX_WINDOW_DAYS = 90;
/** The window when neither `from` nor the experiment's `startedAt` says otherwise. */
export const EXPERIMENT_DEFAULT_WINDOW_DAYS = 7;

const globRules = {
  message: 'a glob may hold letters, digits, ". _ - : /" and the wildcards "*" and "?"',
};

export class ExperimentVariantDto {
  @ApiProperty({ example: 'control' })
  @IsString()
  @Matches(VARIANT_NAME_PATTERN, {
    message: 'name is 1-64 letters, digits, ". _ -", starting with a letter or digit',
  })
  name!: string;

  @ApiProperty({
    example: 50,
    description: 'Relative share of traffic (weights need not sum to 100).',
    exclusiveMinimum: true,
    minimum: 0,
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.000001)
  @Max(1_000_000)
  weight!: number;
}

export class CreateExperimentDto {
  @ApiProperty({ example: 'feed-ranking-v2', description: 'The `experiment` dimension value.' })
  @IsString()
  @Matches(EXPERIMENT_KEY_PATTERN, {
    message: 'key is 1-64 letters, digits, ". _ -", starting with a letter or digit',
  })
  key!: string;

  @ApiPropertyOptional({ maxLength: 120, description: 'Defaults to the key.' })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  name?: string;

  @ApiProperty({ type: [ExperimentVariantDto], minItems: 2, maxItems: EXPERIMENT_MAX_VARIANTS })
  @IsArray()
  @ArrayMinSize(2)
  @ArrayMaxSize(EXPERIMENT_MAX_VARIANTS)
  @UniqueItemsBy('name')
  @ValidateNested({ each: true })
  @Type(() => ExperimentVariantDto)
  variants!: ExperimentVariantDto[];

  @ApiProperty({ example: 'control', description: 'One of the variants.' })
  @IsString()
  @Matches(VARIANT_NAME_PATTERN)
  controlVariant!: string;

  @ApiProperty({ example: 'pandc.vnext.recommendations.feed.*_impression' })
  @IsString()
  @Length(1, EVENT_ID_GLOB_MAX_LENGTH)
  @Matches(EVENT_ID_GLOB_PATTERN, globRules)
  @MaxGlobStars()
  impressionEventGlob!: string;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'pandc.vnext.recommendations.feed.*_click',
    description: 'Enables CTR per variant; null removes it.',
  })
  @IsOptional()
  @IsString()
  @Length(1, EVENT_ID_GLOB_MAX_LENGTH)
  @Matches(EVENT_ID_GLOB_PATTERN, globRules)
  @MaxGlobStars()
  clickEventGlob?: string | null;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    example: 'pandc.vnext.recommendations.feed.*_error',
    description: 'Enables the error rate per variant; null removes it.',
  })
  @IsOptional()
  @IsString()
  @Length(1, EVENT_ID_GLOB_MAX_LENGTH)
  @Matches(EVENT_ID_GLOB_PATTERN, globRules)
  @MaxGlobStars()
  errorEventGlob?: string | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    default: 1,
    description: 'A variant whose CTR is under this % is flagged LOW_CTR.',
  })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  minCtrPct?: number;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: 100,
    default: 10,
    description: 'A variant whose error rate is over this % is flagged HIGH_ERROR_RATE.',
  })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0)
  @Max(100)
  maxErrorRatePct?: number;

  @ApiPropertyOptional({
    nullable: true,
    type: String,
    description: 'When traffic started; health counts from here (at most 90 days back).',
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedAt?: string | null;
}

/** PATCH body: the fields to change; the key cannot change. */
export class UpdateExperimentDto extends PartialType(OmitType(CreateExperimentDto, ['key']), {
  skipNullProperties: false,
}) {}

export class ExperimentKeyDto {
  @IsString()
  @MaxLength(64)
  key!: string;
}

export class UpdateExperimentMessageDto extends UpdateExperimentDto {
  @IsString()
  @MaxLength(64)
  key!: string;
}

export class ExperimentHealthQueryDto {
  @ApiPropertyOptional({ description: 'ISO 8601; default: startedAt, or 7 days before `to`.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ description: 'ISO 8601; default: now.' })
  @OptionalNotNull()
  @IsISO8601({ strict: true })
  to?: string;
}

export class ExperimentHealthRequestDto extends ExperimentHealthQueryDto {
  @IsString()
  @MaxLength(64)
  key!: string;
}

export class ExperimentDto {
  @ApiProperty()
  key!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty({ type: [ExperimentVariantDto] })
  variants!: ExperimentVariantDto[];

  @ApiProperty()
  controlVariant!: string;

  @ApiProperty()
  impressionEventGlob!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  clickEventGlob!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  errorEventGlob!: string | null;

  @ApiProperty()
  minCtrPct!: number;

  @ApiProperty()
  maxErrorRatePct!: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  startedAt!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class ExperimentListDto {
  @ApiProperty({ type: [ExperimentDto] })
  items!: ExperimentDto[];
}

export const VARIANT_FLAGS = ['NO_IMPRESSIONS', 'LOW_CTR', 'HIGH_ERROR_RATE'] as const;
export type VariantFlag = (typeof VARIANT_FLAGS)[number];

export const EXPERIMENT_FLAGS = [
  'SAMPLE_RATIO_MISMATCH',
  'NO_IMPRESSIONS',
  'LOW_CTR',
  'HIGH_ERROR_RATE',
  'UNCONFIGURED_VARIANTS',
] as const;
export type ExperimentFlag = (typeof EXPERIMENT_FLAGS)[number];

export class SampleRatioTestDto {
  @ApiProperty()
  chiSquare!: number;

  @ApiProperty()
  degreesOfFreedom!: number;

  @ApiProperty()
  pValue!: number;

  @ApiProperty({ description: 'Every variant expects at least 5 impressions.' })
  reliable!: boolean;

  @ApiProperty({ description: 'reliable and p < 0.001.' })
  mismatch!: boolean;
}

export class VariantHealthDto {
  @ApiProperty()
  variant!: string;

  @ApiProperty()
  control!: boolean;

  @ApiProperty()
  weight!: number;

  @ApiProperty({ description: 'Configured share of impressions, 0..1.' })
  expectedShare!: number;

  @ApiProperty()
  impressions!: number;

  @ApiProperty({ description: 'Observed share of impressions, 0..1 (0 without impressions).' })
  share!: number;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null without a click glob.' })
  clicks!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'clicks / impressions.' })
  ctr!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'null without an error glob.' })
  errors!: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'errors / impressions.' })
  errorRate!: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'CTR relative to the control, % ((ctr − control) / control × 100).',
  })
  ctrLiftPct!: number | null;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Error rate minus the control’s, in percentage points.',
  })
  errorRateDeltaPts!: number | null;

  @ApiProperty({ enum: VARIANT_FLAGS, isArray: true })
  flags!: VariantFlag[];
}

export class UnconfiguredVariantDto {
  @ApiProperty({ description: 'A variant value seen on impressions but not configured.' })
  variant!: string;

  @ApiProperty()
  impressions!: number;
}

export class ExperimentHealthDto {
  @ApiProperty()
  key!: string;

  @ApiProperty()
  from!: string;

  @ApiProperty()
  to!: string;

  @ApiProperty({ enum: ['HEALTHY', 'UNHEALTHY'] })
  status!: 'HEALTHY' | 'UNHEALTHY';

  @ApiProperty({ enum: EXPERIMENT_FLAGS, isArray: true })
  flags!: ExperimentFlag[];

  @ApiProperty({ description: 'Impressions of the configured variants.' })
  totalImpressions!: number;

  @ApiPropertyOptional({
    nullable: true,
    type: SampleRatioTestDto,
    description: 'null when there are no impressions to test.',
  })
  sampleRatio!: SampleRatioTestDto | null;

  @ApiProperty({ type: [VariantHealthDto], description: 'In configured order.' })
  variants!: VariantHealthDto[];

  @ApiProperty({ type: [UnconfiguredVariantDto] })
  unconfiguredVariants!: UnconfiguredVariantDto[];
}
