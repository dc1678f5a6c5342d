import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsString,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/** Forecasts of one series: the model chosen automatically, point forecast and intervals. */
export const TELEMETRY_FORECAST_PATTERN = 'telemetry.series.forecast.1';

export const FORECAST_LEVELS = [80, 95] as const;
export type ForecastLevel = (typeof FORECAST_LEVELS)[number];
export const FORECAST_DEFAULT_HORIZON = 48;
export const FORECAST_MAX_HORIZON = 500;
/** Steps the forecast may use: the storage's minute grid up to a day. */
export const FORECAST_STEPS_MS = [60_000, 300_000, 900_000, 3_600_000, 21_600_000, 86_400_000];
/** Observed points needed before a forecast is attempted. */
export const FORECAST_MIN_POINTS = 24;

/** `level=80,95` or `level=80&level=95` on a query string, `[80, 95]` in a message. */
function toLevels({ value }: { value: unknown }): unknown {
  // `level=80&level=95` arrives as an array of strings, `level=80,95` as one string.
  const parts = typeof value === 'string' ? value.split(',') : value;
  if (!Array.isArray(parts)) return value;
  return parts.map((part: unknown) =>
    typeof part === 'string' && /^\d+$/.test(part.trim()) ? Number(part) : part,
  );
}

/** Interval levels: a subset of 80 and 95, as `80,95` on a query string or `[80, 95]`. */
function LevelsRules(): PropertyDecorator {
  const rules = [
    OptionalNotNull(),
    Transform(toLevels),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(2),
    ArrayUnique(),
    IsIn(FORECAST_LEVELS, { each: true, message: 'levels must be 80, 95 or both' }),
  ];
  return (target, key) => rules.forEach((rule) => rule(target, key));
}

class ForecastOptionsDto {
  @ApiPropertyOptional({ minimum: 1, maximum: FORECAST_MAX_HORIZON, default: 48 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FORECAST_MAX_HORIZON)
  horizon?: number;

  @ApiPropertyOptional({
    enum: FORECAST_STEPS_MS,
    description: "Step in ms; default the series' natural step (hourly for hourly data).",
  })
  @OptionalNotNull()
  @Type(() => Number)
  @IsIn(FORECAST_STEPS_MS, { message: `stepMs must be one of ${FORECAST_STEPS_MS.join(', ')}` })
  stepMs?: number;
}

/** `GET /series/:id/forecast?horizon=48&level=80,95` */
export class ForecastQueryDto extends ForecastOptionsDto {
  @ApiPropertyOptional({
    type: String,
    example: '80,95',
    description: 'Interval levels in percent, a subset of 80 and 95 (default both).',
  })
  @LevelsRules()
  level?: ForecastLevel[];
}

/** Payload of TELEMETRY_FORECAST_PATTERN. */
export class ForecastMessage extends ForecastOptionsDto {
  @IsString()
  @MaxLength(220)
  seriesId!: string;

  @LevelsRules()
  levels?: ForecastLevel[];
}

export class ForecastPointDto {
  @ApiProperty()
  timestamp!: string;

  @ApiProperty()
  value!: number;

  @ApiPropertyOptional()
  lo80?: number;

  @ApiPropertyOptional()
  hi80?: number;

  @ApiPropertyOptional()
  lo95?: number;

  @ApiPropertyOptional()
  hi95?: number;
}

export class ForecastTrainingDto {
  @ApiProperty({ description: 'First observed step used.' })
  from!: string;

  @ApiProperty({ description: 'Last observed step used.' })
  to!: string;

  @ApiProperty({ description: 'Steps used, gaps included.' })
  points!: number;
}

export class ForecastDto {
  @ApiProperty()
  seriesId!: string;

  @ApiProperty({ example: 'ETS(M,Ad,M)' })
  model!: string;

  @ApiProperty()
  stepMs!: number;

  @ApiProperty({ type: [Number] })
  levels!: number[];

  @ApiProperty({ type: [ForecastPointDto], description: 'One per step after the last observed.' })
  points!: ForecastPointDto[];

  @ApiProperty({ description: 'When this forecast was computed (cached until new data).' })
  generatedAt!: string;

  @ApiProperty({ type: ForecastTrainingDto })
  trainedOn!: ForecastTrainingDto;
}
