import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsNumber,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Service level objectives of an organisation's services, read from its series (the system
 * org's golden signals `vantage.<service>.*`, or series the org pushes), their error budget
 * and multiwindow burn-rate alerts (Google SRE workbook).
 */
export const TELEMETRY_SLO_PATTERNS = {
  list: 'telemetry.slos.list.1',
  get: 'telemetry.slos.get.1',
  create: 'telemetry.slos.create.1',
  update: 'telemetry.slos.update.1',
  delete: 'telemetry.slos.delete.1',
  status: 'telemetry.slos.status.1',
} as const;

/**
 * The `type` of the live update on channel `telemetry` sent when a burn-rate rule of an SLO
 * starts or stops firing. (No event stream carries it until a service consumes it.)
 */
export const SLO_BURN_RATE_LIVE_EVENT = 'slo.burn-rate';

export const SLO_KINDS = ['availability', 'latency'] as const;
export type SloKind = (typeof SLO_KINDS)[number];

export const SLO_LATENCY_PERCENTILES = ['p50', 'p95', 'p99'] as const;
export type SloLatencyPercentile = (typeof SLO_LATENCY_PERCENTILES)[number];

/** The windows burn rates are reported for. */
export const BURN_RATE_WINDOWS = ['5m', '30m', '1h', '6h', '3d'] as const;
export type BurnRateWindow = (typeof BURN_RATE_WINDOWS)[number];

/** The workbook's multiwindow rules: both windows over the threshold fire the rule. */
export const BURN_RATE_RULES = ['fast-page', 'slow-page', 'ticket'] as const;
export type BurnRateRuleName = (typeof BURN_RATE_RULES)[number];

export const SLO_ID_PATTERN = /^slo_[A-Za-z0-9]{20}$/;
/** A service name as it appears in `vantage.<service>.<signal>`. */
export const SLO_SERVICE_PATTERN = /^[a-z][a-z0-9-]{0,62}$/;
export const SLO_MIN_TARGET = 0.9;
export const SLO_MAX_TARGET = 0.99999;
export const SLO_DEFAULT_WINDOW_DAYS = 30;
export const SLO_MAX_WINDOW_DAYS = 90;
export const SLO_MAX_PER_ORG = 500;

const SERIES_ID_EXAMPLE = 'ser_Vb7Nc4kT9wQ1mZp8Lx2a3f';

export class CreateSloDto {
  @ApiProperty({ minLength: 1, maxLength: 100, example: 'Gateway availability' })
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name!: string;

  @ApiProperty({ example: 'gateway', description: 'Its series are `vantage.<service>.*`.' })
  @IsString()
  @Matches(SLO_SERVICE_PATTERN, { message: 'service must be a lower-case service name' })
  service!: string;

  @ApiProperty({ enum: SLO_KINDS })
  @IsIn(SLO_KINDS)
  kind!: SloKind;

  @ApiProperty({ minimum: SLO_MIN_TARGET, maximum: SLO_MAX_TARGET, example: 0.999 })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(SLO_MIN_TARGET)
  @Max(SLO_MAX_TARGET)
  target!: number;

  @ApiPropertyOptional({ minimum: 1, maximum: SLO_MAX_WINDOW_DAYS, default: 30 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SLO_MAX_WINDOW_DAYS)
  windowDays?: number;

  @ApiPropertyOptional({
    example: SERIES_ID_EXAMPLE,
    description:
      'Availability: a count series of good requests; with `totalSeriesId`. Default: ' +
      '`vantage.<service>.requests` minus `vantage.<service>.errors`.',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(220)
  goodSeriesId?: string;

  @ApiPropertyOptional({ example: SERIES_ID_EXAMPLE, description: 'Availability: all requests.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(220)
  totalSeriesId?: string;

  @ApiPropertyOptional({ minimum: 1, example: 300, description: 'Latency: required.' })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3_600_000)
  thresholdMs?: number;

  @ApiPropertyOptional({
    enum: SLO_LATENCY_PERCENTILES,
    default: 'p99',
    description: 'Latency: which golden-signal percentile series is judged.',
  })
  @OptionalNotNull()
  @IsIn(SLO_LATENCY_PERCENTILES)
  percentile?: SloLatencyPercentile;

  @ApiPropertyOptional({
    example: SERIES_ID_EXAMPLE,
    description: 'Latency: a series of latency in ms to judge instead of the golden signal.',
  })
  @OptionalNotNull()
  @IsString()
  @MaxLength(220)
  latencySeriesId?: string;
}

/** PATCH body: service, kind and series are fixed at creation. `null` is refused. */
export class UpdateSloDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 100 })
  @OptionalNotNull()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  @ApiPropertyOptional({ minimum: SLO_MIN_TARGET, maximum: SLO_MAX_TARGET })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(SLO_MIN_TARGET)
  @Max(SLO_MAX_TARGET)
  target?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: SLO_MAX_WINDOW_DAYS })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(SLO_MAX_WINDOW_DAYS)
  windowDays?: number;

  @ApiPropertyOptional({ minimum: 1, description: 'Latency SLOs only.' })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(3_600_000)
  thresholdMs?: number;

  @ApiPropertyOptional({ enum: SLO_LATENCY_PERCENTILES, description: 'Latency SLOs only.' })
  @OptionalNotNull()
  @IsIn(SLO_LATENCY_PERCENTILES)
  percentile?: SloLatencyPercentile;
}

export class SloIdMessage {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class UpdateSloMessage extends UpdateSloDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class SloDto {
  @ApiProperty({ example: 'slo_4fGh7Jk2Lm9Np3Qr5St8' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  service!: string;

  @ApiProperty({ enum: SLO_KINDS })
  kind!: SloKind;

  @ApiProperty()
  target!: number;

  @ApiProperty()
  windowDays!: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  goodSeriesId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  totalSeriesId!: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  thresholdMs!: number | null;

  @ApiPropertyOptional({ nullable: true, enum: SLO_LATENCY_PERCENTILES })
  percentile!: SloLatencyPercentile | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  latencySeriesId!: string | null;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class SloListDto {
  @ApiProperty({ type: [SloDto], description: 'By name.' })
  items!: SloDto[];
}

export class ErrorBudgetDto {
  @ApiProperty({ description: '1 - target: the share of events allowed to be bad.' })
  allowed!: number;

  @ApiProperty({ description: 'Share of the budget spent over the window (may exceed 1).' })
  consumed!: number;

  @ApiProperty({ description: 'Share of the budget left, 1 - consumed (negative when overspent).' })
  remaining!: number;
}

export class BurnRateAlertDto {
  @ApiProperty({ enum: BURN_RATE_RULES })
  rule!: BurnRateRuleName;

  @ApiProperty({ enum: ['page', 'ticket'] })
  severity!: 'page' | 'ticket';

  @ApiProperty({ enum: BURN_RATE_WINDOWS })
  longWindow!: BurnRateWindow;

  @ApiProperty({ enum: BURN_RATE_WINDOWS })
  shortWindow!: BurnRateWindow;

  @ApiProperty({ description: 'Both windows must burn faster than this.' })
  threshold!: number;

  @ApiProperty()
  longBurnRate!: number;

  @ApiProperty()
  shortBurnRate!: number;
}

export class SloStatusDto {
  @ApiProperty()
  slo!: SloDto;

  @ApiPropertyOptional({
    nullable: true,
    type: Number,
    description: 'Good share over the window; null without data.',
  })
  sli!: number | null;

  @ApiProperty({ description: 'Events (requests, or judged intervals for latency) in the window.' })
  total!: number;

  @ApiProperty()
  bad!: number;

  @ApiPropertyOptional({ nullable: true, type: ErrorBudgetDto })
  errorBudget!: ErrorBudgetDto | null;

  @ApiProperty({
    description: 'Burn rate per window (error rate / (1 - target)); null without data.',
    example: { '5m': 0.4, '30m': 0.5, '1h': 0.6, '6h': 0.7, '3d': 0.8 },
  })
  burnRates!: Record<BurnRateWindow, number | null>;

  @ApiProperty({ type: [BurnRateAlertDto], description: 'Rules firing now.' })
  alerts!: BurnRateAlertDto[];

  @ApiProperty()
  evaluatedAt!: string;
}

/** Data of the SLO_BURN_RATE_LIVE_EVENT live update. */
export interface SloBurnRateEvent {
  readonly orgId: string;
  readonly sloId: string;
  readonly sloName: string;
  readonly service: string;
  readonly rule: BurnRateRuleName;
  readonly severity: 'page' | 'ticket';
  readonly state: 'firing' | 'resolved';
  readonly longWindow: BurnRateWindow;
  readonly shortWindow: BurnRateWindow;
  readonly threshold: number;
  /** Burn rates at the evaluation that changed the state (null without data). */
  readonly longBurnRate: number | null;
  readonly shortBurnRate: number | null;
  readonly at: string;
}
