import { ApiProperty, ApiPropertyOptional, PartialType, PickType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsBoolean,
  IsInt,
  IsNumber,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
  type ValidationOptions,
} from 'class-validator';

/**
 * RAD sets: named classes of event ids (a glob over the id) with their own thresholds, volume
 * levels and business value, by which the traffic monitor groups and judges events.
 */
export const RAD_SET_PATTERNS = {
  list: 'traffic-monitor.rad-sets.list.1',
  get: 'traffic-monitor.rad-sets.get.1',
  create: 'traffic-monitor.rad-sets.create.1',
  update: 'traffic-monitor.rad-sets.update.1',
  delete: 'traffic-monitor.rad-sets.delete.1',
  addExamples: 'traffic-monitor.rad-sets.add-examples.1',
  suggestions: 'traffic-monitor.rad-sets.suggestions.1',
} as const;

/**
 * An optional field that, when present, must be valid: unlike `@IsOptional()`, `null` is
 * refused rather than stored over a value.
 */
export function OptionalNotNull(): PropertyDecorator {
  return ValidateIf((_object: unknown, value: unknown) => value !== undefined);
}

/** RAD set ids: `rad_` and 20 base62 characters. Anything else cannot exist (404). */
export const RAD_SET_ID_PATTERN = /^rad_[A-Za-z0-9]{20}$/;

/** The name under which event ids that no enabled RAD set matches are reported. */
export const UNKNOWN_RAD_SET = 'unknown';

/**
 * A glob over event ids: `*` any run of characters (dots included), `?` one character, anything
 * else literal. Letters, digits and `. _ - : / * ?` only: event ids are dotted paths.
 */
export const EVENT_ID_GLOB_PATTERN = /^[A-Za-z0-9._\-:/*?]+$/;
export const EVENT_ID_GLOB_MAX_LENGTH = 200;
/** The formula language's cap on `*` in an eventId glob (@vantage/formula says why). */
export const EVENT_ID_GLOB_MAX_STARS = 8;

export const COLOUR_PATTERN = /^#[0-9a-fA-F]{6}$/;
export const RAD_SET_NAME_MAX_LENGTH = 80;

/** A glob holds at most EVENT_ID_GLOB_MAX_STARS `*` wildcards. */
export function MaxGlobStars(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'maxGlobStars',
      validator: {
        validate: (value: unknown) =>
          typeof value !== 'string' || value.split('*').length - 1 <= EVENT_ID_GLOB_MAX_STARS,
        defaultMessage: () => `$property may hold at most ${EVENT_ID_GLOB_MAX_STARS} "*" wildcards`,
      },
    },
    options,
  );
}

export class RadSetThresholdsDto {
  @ApiProperty({
    minimum: 1,
    maximum: 100,
    default: 80,
    description: 'A drop against the baseline of at least this many percent is CRITICAL.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100)
  criticalDropPct!: number;

  @ApiProperty({
    minimum: 1,
    maximum: 100,
    default: 50,
    description: 'A drop of at least this many percent (and below critical) is WARNING.',
  })
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(1)
  @Max(100)
  warningDropPct!: number;
}

/** POST body of a RAD set; the optional fields take the defaults shown. */
export class CreateRadSetDto {
  @ApiProperty({ example: 'Venture feed', maxLength: RAD_SET_NAME_MAX_LENGTH })
  @IsString()
  @Length(1, RAD_SET_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiProperty({
    example: 'pandc.vnext.recommendations.feed.feed*',
    maxLength: EVENT_ID_GLOB_MAX_LENGTH,
    description:
      'Glob over event ids: `*` is any run of characters (dots included), `?` one character; ' +
      `at most ${EVENT_ID_GLOB_MAX_STARS} \`*\`.`,
  })
  @IsString()
  @Length(1, EVENT_ID_GLOB_MAX_LENGTH)
  @Matches(EVENT_ID_GLOB_PATTERN, {
    message: 'pattern may hold letters, digits, ". _ - : /" and the wildcards "*" and "?"',
  })
  @MaxGlobStars()
  pattern!: string;

  @ApiProperty({ example: '#2563eb', description: '#rrggbb' })
  @IsString()
  @Matches(COLOUR_PATTERN, { message: 'colour must be #rrggbb' })
  colour!: string;

  @ApiPropertyOptional({ default: true })
  @OptionalNotNull()
  @IsBoolean()
  enabled?: boolean;

  @ApiPropertyOptional({
    default: 0,
    minimum: -1000,
    maximum: 1000,
    description:
      'When several enabled sets match an event id, the highest priority wins; on equal ' +
      'priority the most specific pattern (most literal characters) wins.',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(-1000)
  @Max(1000)
  priority?: number;

  @ApiPropertyOptional({
    type: RadSetThresholdsDto,
    description: 'Defaults to the dashboard configuration defaults at creation.',
  })
  @OptionalNotNull()
  @ValidateNested()
  @Type(() => RadSetThresholdsDto)
  thresholds?: RadSetThresholdsDto;

  @ApiPropertyOptional({
    minimum: 0,
    description:
      'Events whose daily volume stays under this are LOW_VOLUME, not scored. Defaults to ' +
      'the dashboard configuration default (100).',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  minDailyVolume?: number;

  @ApiPropertyOptional({
    minimum: 1,
    description:
      'Events with at least this many per day are flagged high-volume. Defaults to the ' +
      'dashboard configuration default (1,000).',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(1)
  @Max(1_000_000_000)
  highVolumeLevel?: number;

  @ApiPropertyOptional({
    minimum: 0,
    description:
      'Business value of one event, for the impact of lost or gained events. Defaults to ' +
      'the dashboard configuration default (0).',
  })
  @OptionalNotNull()
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 6 })
  @Min(0)
  @Max(1_000_000)
  valuePerEvent?: number;
}

/** PATCH body: the fields to change; the others keep their values. `null` is refused. */
export class UpdateRadSetDto extends PartialType(CreateRadSetDto, { skipNullProperties: false }) {}

/** Message payloads: the id travels in the payload, the org in the envelope. */
export class RadSetIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class UpdateRadSetMessageDto extends UpdateRadSetDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class RadSetDto {
  @ApiProperty({ example: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  pattern!: string;

  @ApiProperty()
  colour!: string;

  @ApiProperty()
  enabled!: boolean;

  @ApiProperty()
  priority!: number;

  @ApiProperty({ type: RadSetThresholdsDto })
  thresholds!: RadSetThresholdsDto;

  @ApiProperty()
  minDailyVolume!: number;

  @ApiProperty()
  highVolumeLevel!: number;

  @ApiProperty()
  valuePerEvent!: number;

  @ApiProperty({
    description:
      'Created as one of the example sets (`POST /api/v1/rad-sets/examples`), not by a person.',
  })
  seeded!: boolean;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class RadSetListDto {
  @ApiProperty({ type: [RadSetDto] })
  items!: RadSetDto[];
}

/** Answer of adding the example sets: each example is either created now or already there. */
export class RadSetExamplesResultDto {
  @ApiProperty({ type: [RadSetDto], description: 'Example sets this call created.' })
  created!: RadSetDto[];

  @ApiProperty({
    type: [RadSetDto],
    description:
      'Examples the organisation already had a set of the same name for (case-insensitive), ' +
      'left as they are.',
  })
  alreadyPresent!: RadSetDto[];
}

/** Most suggestions one answer holds, and most sample ids per suggestion. */
export const RAD_SET_SUGGESTIONS_MAX = 20;
export const RAD_SET_SUGGESTION_SAMPLES_MAX = 5;
/** Distinct event ids the traffic monitor catalogues per organisation (the first seen). */
export const EVENT_ID_CATALOGUE_MAX = 1000;

/** The part of a suggestion that is a valid `POST /api/v1/rad-sets` body as it stands. */
export class RadSetSuggestionBodyDto extends PickType(CreateRadSetDto, [
  'name',
  'pattern',
  'colour',
] as const) {}

export class RadSetSuggestionDto {
  @ApiProperty({
    type: RadSetSuggestionBodyDto,
    description: 'POST this object as it is to `/api/v1/rad-sets` to create the set.',
  })
  body!: RadSetSuggestionBodyDto;

  @ApiProperty({
    type: 'integer',
    minimum: 1,
    description: 'Distinct event ids seen that the pattern matches and no enabled set covers.',
  })
  eventIdCount!: number;

  @ApiProperty({
    type: [String],
    maxItems: RAD_SET_SUGGESTION_SAMPLES_MAX,
    example: ['shop.checkout.pay', 'shop.checkout.view'],
    description: 'A few of those event ids, alphabetically.',
  })
  sampleEventIds!: string[];
}

export class RadSetSuggestionListDto {
  @ApiProperty({
    type: [RadSetSuggestionDto],
    maxItems: RAD_SET_SUGGESTIONS_MAX,
    description:
      'Event ids grouped by their first two dotted segments (one when the id has two), most ' +
      'event ids first. Empty before the first ingested events are stored (about a minute).',
  })
  items!: RadSetSuggestionDto[];

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: EVENT_ID_CATALOGUE_MAX,
    description: `Distinct event ids the organisation has sent (the first ${EVENT_ID_CATALOGUE_MAX} are kept).`,
  })
  eventIdsSeen!: number;

  @ApiProperty({
    type: 'integer',
    minimum: 0,
    maximum: EVENT_ID_CATALOGUE_MAX,
    description: 'Of those, the ones an enabled RAD set already matches (never suggested).',
  })
  eventIdsCovered!: number;

  @ApiProperty({
    description: `True once ${EVENT_ID_CATALOGUE_MAX} distinct event ids are kept: ids first sent after that are not considered.`,
  })
  catalogueFull!: boolean;

  @ApiProperty({ example: 'POST the body of a suggestion to /api/v1/rad-sets to create it.' })
  howToCreate!: string;
}
