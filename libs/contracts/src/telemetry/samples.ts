import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';
import { IDEMPOTENCY_KEY_PATTERN } from '../traffic/ingest';

/** Request/response: store a batch of samples (telemetry answers SampleIngestResultDto). */
export const TELEMETRY_SAMPLES_INGEST_PATTERN = 'telemetry.samples.ingest.1';

/** Most samples one batch may carry. */
export const SAMPLES_MAX_PER_BATCH = 5000;

/** Series names: a letter or `_`, then up to 199 letters, digits and `_ . : -`. */
export const SERIES_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_.:-]{0,199}$/;
/** Label names: a letter or `_`, then up to 63 letters, digits and `_`. */
export const LABEL_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
/** Label values: 1 to 200 printable ASCII characters. */
export const LABEL_VALUE_PATTERN = /^[\x20-\x7e]{1,200}$/;
export const SERIES_MAX_LABELS = 10;

/** Why one sample of a batch was refused. */
export const SAMPLE_REJECTION_REASONS = [
  'not_an_object',
  'unknown_field',
  'invalid_series',
  'invalid_labels',
  'invalid_timestamp',
  'too_old',
  'too_far_in_future',
  'invalid_value',
  'non_finite_value',
  'negative_count',
  'too_many_series',
] as const;

export type SampleRejectionReason = (typeof SAMPLE_REJECTION_REASONS)[number];

/**
 * One sample as clients send it. Documented for OpenAPI only: the telemetry service checks
 * samples one by one and refuses a bad one with a reason instead of the whole batch.
 */
export class TelemetrySampleDto {
  @ApiProperty({
    description:
      'Series name: a letter or `_`, then up to 199 letters, digits and `_ . : -`. Names whose ' +
      'last `.`/`_` part is count, total, requests, errors or events are counts (never negative).',
    example: 'checkout.payment.latency_ms',
  })
  series!: string;

  @ApiProperty({
    description:
      'When it was measured: ISO 8601 with a time zone, or epoch milliseconds. Not older than ' +
      'the minute retention (14 days by default), not more than 5 minutes ahead.',
    oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }],
    example: '2026-11-23T10:15:00Z',
  })
  timestamp!: string | number;

  @ApiProperty({
    description:
      'A finite number. `null` (what JSON encoders write for NaN and Infinity) is refused as ' +
      '`non_finite_value` and counted against the series’ validity.',
    example: 182.5,
  })
  value!: number;

  @ApiPropertyOptional({
    description:
      'Up to 10 labels; names like series names without `. : -`, values 1 to 200 printable ' +
      'ASCII characters. Each distinct label set is its own series.',
    example: { region: 'eu-west-1', route: 'POST /checkout' },
  })
  labels?: Record<string, string>;
}

/** The HTTP body of POST /api/v1/telemetry/samples: only the envelope is validated here. */
export class IngestSamplesDto {
  @ApiProperty({ type: () => [TelemetrySampleDto], minItems: 1, maxItems: SAMPLES_MAX_PER_BATCH })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(SAMPLES_MAX_PER_BATCH)
  samples!: unknown[];
}

/** The message the gateway sends: the body plus the caller's Idempotency-Key, if any. */
export class IngestSamplesMessage extends IngestSamplesDto {
  @IsOptional()
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN)
  idempotencyKey?: string;
}

export class SampleRejectionDto {
  @ApiProperty({ description: 'Position of the sample in `samples`', example: 3 })
  index!: number;

  @ApiProperty({ enum: SAMPLE_REJECTION_REASONS, example: 'non_finite_value' })
  reason!: SampleRejectionReason;

  @ApiProperty({ example: 'value must be a finite number' })
  message!: string;
}

/**
 * The answer to a batch; for a batch repeated with the same Idempotency-Key (which is then not
 * stored again), the same counts with the first STORED_ANSWER_MAX_ERRORS errors only.
 */
export class SampleIngestResultDto {
  @ApiProperty({ description: 'Samples stored', example: 998 })
  accepted!: number;

  @ApiProperty({ description: 'Samples refused (listed in `errors`)', example: 2 })
  rejected!: number;

  @ApiProperty({ type: () => [SampleRejectionDto] })
  errors!: SampleRejectionDto[];

  @ApiPropertyOptional({
    description: 'Only in a replayed answer: refused samples left out of `errors`',
    example: 480,
  })
  errorsOmitted?: number;
}
