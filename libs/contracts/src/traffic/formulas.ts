import { ApiProperty, ApiPropertyOptional, PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  IsDivisibleBy,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import type { FieldError } from '../errors/error-payload';
import { OptionalNotNull } from './rad-sets';

/**
 * The formula language over stored traffic counts: check, run, the function catalogue and
 * examples, plain English to formula, and formulas saved per organisation.
 */
export const FORMULA_PATTERNS = {
  validate: 'traffic-monitor.formulas.validate.1',
  execute: 'traffic-monitor.formulas.execute.1',
  functions: 'traffic-monitor.formulas.functions.1',
  examples: 'traffic-monitor.formulas.examples.1',
  suggest: 'traffic-monitor.formulas.suggest.1',
  savedList: 'traffic-monitor.formulas.saved.list.1',
  savedGet: 'traffic-monitor.formulas.saved.get.1',
  savedCreate: 'traffic-monitor.formulas.saved.create.1',
  savedUpdate: 'traffic-monitor.formulas.saved.update.1',
  savedDelete: 'traffic-monitor.formulas.saved.delete.1',
} as const;

/** The language's own bound on a formula's text (DEFAULT_FORMULA_LIMITS.maxSourceLength). */
export const FORMULA_MAX_LENGTH = 2_000;
export const FORMULA_NAME_MAX_LENGTH = 80;
export const FORMULA_DESCRIPTION_MAX_LENGTH = 500;
export const FORMULA_SUGGEST_TEXT_MAX_LENGTH = 500;
/** Saved formula ids: `fml_` and 20 base62 characters. Anything else cannot exist (404). */
export const SAVED_FORMULA_ID_PATTERN = /^fml_[A-Za-z0-9]{20}$/;

const MINUTE_MS = 60_000;
/** Widest interval of one point: one week. */
export const FORMULA_MAX_INTERVAL_MS = 7 * 24 * 60 * MINUTE_MS;

/**
 * A problem found in a formula, as it appears in `errors[]` of a 400 problem+json (with
 * `field: "expression"`) and in the answer of validate. Positions are 1-based line and column
 * in UTF-16 units, so an editor can underline `length` characters from there.
 */
export interface FormulaDiagnosticError extends FieldError {
  /** A stable FormulaErrorCode, e.g. `unknown_function`. */
  readonly code: string;
  readonly hint: string;
  readonly line: number;
  readonly column: number;
  readonly offset: number;
  readonly length: number;
}

/**
 * A bound an evaluation ran into, as it appears in `errors[]` of a 400 problem+json: `limit` is
 * one of maxPoints, maxLookbackPoints, maxQueries, timeoutMs; `maximum` the bound that applied.
 */
export interface FormulaLimitFieldError extends FieldError {
  readonly limit: string;
  readonly maximum: number;
}

export class FormulaDiagnosticDto implements FormulaDiagnosticError {
  @ApiProperty({ example: 'expression' })
  field!: string;

  @ApiProperty({ example: 'unknown_function' })
  code!: string;

  @ApiProperty({ example: "unknown function 'cout', did you mean 'count'?" })
  message!: string;

  @ApiProperty({ example: 'write count(...)' })
  hint!: string;

  @ApiProperty({ example: 1, description: '1-based line.' })
  line!: number;

  @ApiProperty({ example: 1, description: '1-based column in UTF-16 code units.' })
  column!: number;

  @ApiProperty({ example: 0, description: '0-based offset in UTF-16 code units.' })
  offset!: number;

  @ApiProperty({ example: 4, description: 'Characters to underline (0: a position).' })
  length!: number;
}

const expressionProperty = {
  example: 'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
  maxLength: FORMULA_MAX_LENGTH,
  description: 'A formula; GET /api/v1/formulas/functions lists what it can use.',
} as const;

/** Body of validate. */
export class FormulaExpressionDto {
  @ApiProperty(expressionProperty)
  @IsString()
  @MaxLength(FORMULA_MAX_LENGTH)
  expression!: string;
}

export class FormulaValidationDto {
  @ApiProperty({ description: 'Whether the formula parses and checks: it can be executed.' })
  valid!: boolean;

  @ApiPropertyOptional({
    enum: ['series', 'scalar'],
    description: 'Present when valid: `scalar` when nothing in it varies over time.',
  })
  kind?: 'series' | 'scalar';

  @ApiProperty({ type: [FormulaDiagnosticDto], description: 'Every problem, in source order.' })
  diagnostics!: FormulaDiagnosticDto[];
}

/** Body of execute: a formula over [from, to) in points of `intervalMs`. */
export class ExecuteFormulaDto extends FormulaExpressionDto {
  @ApiProperty({
    example: '2026-11-20T00:00:00Z',
    description: 'Range start (inclusive), ISO 8601.',
  })
  @IsISO8601({ strict: true })
  from!: string;

  @ApiProperty({ example: '2026-11-21T00:00:00Z', description: 'Range end (exclusive), ISO 8601.' })
  @IsISO8601({ strict: true })
  to!: string;

  @ApiPropertyOptional({
    example: 3_600_000,
    minimum: MINUTE_MS,
    maximum: FORMULA_MAX_INTERVAL_MS,
    description:
      'Width of one point in ms, a whole number of minutes. Omitted: the finest of 1m, 5m, ' +
      '10m, 15m, 30m, 1h, 3h, 6h, 12h, 1d, 1w that gives at most 500 points. The range start ' +
      'is aligned down to the interval (UTC).',
  })
  @OptionalNotNull()
  @IsInt()
  @Min(MINUTE_MS)
  @Max(FORMULA_MAX_INTERVAL_MS)
  @IsDivisibleBy(MINUTE_MS, { message: 'intervalMs must be a whole number of minutes' })
  intervalMs?: number;
}

export class FormulaPointDto {
  @ApiProperty({
    format: 'date-time',
    example: '2026-11-20T00:00:00.000Z',
    description: 'Start of the interval.',
  })
  timestamp!: string;

  @ApiProperty({
    type: Number,
    nullable: true,
    example: 3.2,
    description:
      'null where the formula is undefined: division by zero, an undefined input, or data ' +
      'past the retention of the stored counts.',
  })
  value!: number | null;

  @ApiProperty({
    description:
      'true when the interval is not wholly inside the requested range (the value counts the ' +
      'whole interval, time outside the range included) or has not ended yet (the value ' +
      'counts only the time so far).',
  })
  partial!: boolean;
}

/** The range and interval as the caller sent them, next to the effective ones of the answer. */
export class FormulaRequestedRangeDto {
  @ApiProperty({ format: 'date-time', example: '2026-11-20T00:00:00.000Z' })
  from!: string;

  @ApiProperty({ format: 'date-time', example: '2026-11-20T11:13:00.000Z' })
  to!: string;

  @ApiProperty({
    type: 'integer',
    nullable: true,
    example: 3_600_000,
    description: 'null when omitted: the service chose `intervalMs`.',
  })
  intervalMs!: number | null;
}

export class FormulaSeriesDto {
  @ApiProperty()
  expression!: string;

  @ApiProperty({ type: FormulaRequestedRangeDto })
  requested!: FormulaRequestedRangeDto;

  @ApiProperty({
    format: 'date-time',
    description:
      'Effective start: the start of the first interval (the requested `from` aligned down ' +
      'to the interval, UTC).',
  })
  from!: string;

  @ApiProperty({
    format: 'date-time',
    description:
      'Effective end: the end of the last interval, which lies after the requested `to` when ' +
      'that falls inside an interval (asked up to 11:13 in hours: 12:00, last point partial).',
  })
  to!: string;

  @ApiProperty({ type: 'integer', description: 'Width of one point in ms (the step).' })
  intervalMs!: number;

  @ApiProperty({ type: [FormulaPointDto] })
  points!: FormulaPointDto[];
}

export class FormulaParameterDto {
  @ApiProperty({ example: 'window' })
  name!: string;

  @ApiProperty({ enum: ['value', 'string', 'duration', 'integer', 'number'] })
  kind!: string;

  @ApiProperty()
  required!: boolean;

  @ApiProperty({ description: 'May be given without its name.' })
  positional!: boolean;

  @ApiProperty()
  description!: string;

  @ApiPropertyOptional({ description: 'What an omitted optional parameter means.' })
  default?: string;

  @ApiPropertyOptional()
  min?: number;

  @ApiPropertyOptional()
  max?: number;
}

export class FormulaFunctionDto {
  @ApiProperty({ example: 'moving_average' })
  name!: string;

  @ApiProperty({ enum: ['data', 'window', 'overall', 'math', 'comparison', 'logic'] })
  category!: string;

  @ApiProperty({ example: 'moving_average(value, window)' })
  signature!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty({ example: 'moving_average(count(), window=6)' })
  example!: string;

  @ApiProperty({ type: [FormulaParameterDto] })
  parameters!: FormulaParameterDto[];
}

export class FormulaFunctionListDto {
  @ApiProperty({ type: [FormulaFunctionDto] })
  items!: FormulaFunctionDto[];
}

export class FormulaExampleDto {
  @ApiProperty({ example: 'Week over week' })
  title!: string;

  @ApiProperty({ example: 'count() / count(shift="1w")' })
  formula!: string;

  @ApiProperty()
  description!: string;
}

export class FormulaExampleListDto {
  @ApiProperty({ type: [FormulaExampleDto] })
  items!: FormulaExampleDto[];
}

/** Body of suggest. */
export class SuggestFormulaDto {
  @ApiProperty({
    example: 'traffic dropped by 50% since yesterday',
    maxLength: FORMULA_SUGGEST_TEXT_MAX_LENGTH,
  })
  @IsString()
  @Length(1, FORMULA_SUGGEST_TEXT_MAX_LENGTH)
  text!: string;
}

export class FormulaSuggestionDto {
  @ApiProperty({ example: 'Halved since yesterday' })
  title!: string;

  @ApiProperty({ example: 'ifelse(count() < count(shift="1d") * 0.5, 1, 0)' })
  formula!: string;

  @ApiProperty({ description: 'What the formula computes, with the assumptions made.' })
  explanation!: string;
}

export class FormulaSuggestionListDto {
  @ApiProperty({ type: [FormulaSuggestionDto], description: 'Best first; may be empty.' })
  suggestions!: FormulaSuggestionDto[];

  @ApiPropertyOptional({ description: 'What to try instead, when nothing was recognised.' })
  hint?: string;
}

/** POST body of a saved formula. */
export class CreateSavedFormulaDto {
  @ApiProperty({ example: 'Feed CTR', maxLength: FORMULA_NAME_MAX_LENGTH })
  @IsString()
  @Length(1, FORMULA_NAME_MAX_LENGTH)
  @Matches(/\S/, { message: 'name must not be blank' })
  name!: string;

  @ApiPropertyOptional({ maxLength: FORMULA_DESCRIPTION_MAX_LENGTH, default: '' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(FORMULA_DESCRIPTION_MAX_LENGTH)
  description?: string;

  @ApiProperty({
    ...expressionProperty,
    description: 'Checked on save: an invalid formula is refused with its diagnostics.',
  })
  @IsString()
  @Length(1, FORMULA_MAX_LENGTH)
  expression!: string;
}

/** PATCH body: the fields to change; the others keep their values. `null` is refused. */
export class UpdateSavedFormulaDto extends PartialType(CreateSavedFormulaDto, {
  skipNullProperties: false,
}) {}

export const SAVED_FORMULA_SORTS = ['name', 'updatedAt'] as const;
export type SavedFormulaSort = (typeof SAVED_FORMULA_SORTS)[number];

/** Query of the saved-formula list: pages of `pageSize`, by name (default) or newest change. */
export class ListSavedFormulasDto {
  @ApiPropertyOptional({ minimum: 1, default: 1 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100_000)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  pageSize?: number;

  @ApiPropertyOptional({
    enum: SAVED_FORMULA_SORTS,
    default: 'name',
    description: '`name`: A to Z; `updatedAt`: the most recently changed first.',
  })
  @OptionalNotNull()
  @IsIn(SAVED_FORMULA_SORTS)
  sort?: SavedFormulaSort;
}

/** Message payloads: the id travels in the payload, the org in the envelope. */
export class SavedFormulaIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class UpdateSavedFormulaMessageDto extends UpdateSavedFormulaDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class SavedFormulaDto {
  @ApiProperty({ example: 'fml_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  name!: string;

  @ApiProperty()
  description!: string;

  @ApiProperty()
  expression!: string;

  @ApiProperty({ description: 'User or API key that created it.' })
  createdBy!: string;

  @ApiProperty({ description: 'User or API key that changed it last.' })
  updatedBy!: string;

  @ApiProperty()
  createdAt!: string;

  @ApiProperty()
  updatedAt!: string;
}

export class SavedFormulaListDto {
  @ApiProperty({ type: [SavedFormulaDto] })
  items!: SavedFormulaDto[];

  @ApiProperty({ description: 'Saved formulas of the organisation, over all pages.' })
  total!: number;

  @ApiProperty()
  page!: number;

  @ApiProperty()
  pageSize!: number;
}
