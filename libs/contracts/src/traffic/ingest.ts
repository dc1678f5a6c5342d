import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsObject,
  IsOptional,
  IsString,
  Matches,
} from 'class-validator';

/** Request/response: ingest one batch of traffic events (traffic-monitor answers IngestResultDto). */
export const TRAFFIC_INGEST_PATTERN = 'traffic-monitor.events.ingest.1';

/**
 * Request/response, internal (the gateway routes no URL to it): flush every pending bucket to
 * MongoDB now, open ones included; answers BucketFlushResultDto. For draining before a change
 * of INGEST_SHARDS, and for the ingest benchmark.
 */
export const TRAFFIC_BUCKETS_FLUSH_PATTERN = 'traffic-monitor.buckets.flush.1';

/** Most events one batch may carry. */
export const INGEST_MAX_EVENTS = 5000;

/**
 * What an Idempotency-Key may look like: 8 to 255 characters of letters, digits and
 * `_ . : ~ + = / -` (UUIDs, ULIDs and base64 tokens fit).
 */
export const IDEMPOTENCY_KEY_PATTERN = /^[A-Za-z0-9_.:~+=/-]{8,255}$/;

/** Why one event of a batch was refused; also the `reason` label of vantage_events_rejected_total. */
export const INGEST_REJECTION_REASONS = [
  'not_an_object',
  'unknown_field',
  'invalid_event_id',
  'invalid_timestamp',
  'too_old',
  'too_far_in_future',
  'invalid_count',
  'invalid_dimensions',
] as const;

export type IngestRejectionReason = (typeof INGEST_REJECTION_REASONS)[number];

/**
 * One event as clients send it. Documented for OpenAPI only: events are checked one by one by
 * the traffic-monitor, which refuses a bad event with a reason instead of the whole batch.
 */
export class TrafficEventDto {
  @ApiProperty({
    description: 'What happened: 1 to 200 characters of letters, digits and `. _ : -`',
    example: 'pandc.vnext.recommendations.feed.feed_impression',
  })
  eventId!: string;

  @ApiProperty({
    description:
      'When it happened: ISO 8601 with a time zone, or epoch milliseconds. Not older than the ' +
      'minute retention (14 days by default), not more than INGEST_MAX_FUTURE_MS ahead.',
    oneOf: [{ type: 'string', format: 'date-time' }, { type: 'integer' }],
    example: '2026-11-23T10:15:00Z',
  })
  timestamp!: string | number;

  @ApiPropertyOptional({
    description: 'How many times it happened (a positive integer up to 1,000,000)',
    default: 1,
    minimum: 1,
    maximum: 1_000_000,
  })
  count?: number;

  @ApiPropertyOptional({
    description:
      'Known keys only (experiment, variant, host, region); values of 1 to 100 printable ASCII ' +
      'characters. Each distinct set is its own series.',
    example: { experiment: 'feed-ranking-v2', variant: 'control', region: 'eu-west-1' },
  })
  dimensions?: Record<string, string>;
}

/** The HTTP body of POST /api/v1/traffic/events: only the envelope is validated here. */
export class IngestEventsDto {
  @ApiProperty({ type: () => [TrafficEventDto], minItems: 1, maxItems: INGEST_MAX_EVENTS })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(INGEST_MAX_EVENTS)
  @IsObject({ each: true })
  events!: Record<string, unknown>[];
}

/** The message the gateway sends: the body plus the caller's Idempotency-Key, if any. */
export class IngestEventsMessage extends IngestEventsDto {
  @IsOptional()
  @IsString()
  @Matches(IDEMPOTENCY_KEY_PATTERN)
  idempotencyKey?: string;
}

export class IngestRejectionDto {
  @ApiProperty({ description: 'Position of the event in `events`', example: 3 })
  index!: number;

  @ApiProperty({ enum: INGEST_REJECTION_REASONS, example: 'too_old' })
  reason!: IngestRejectionReason;

  @ApiProperty({ example: 'timestamp is older than the 14-day retention' })
  message!: string;
}

/**
 * The answer to a batch; for a batch repeated with the same Idempotency-Key (which is then not
 * counted again), the same counts with the first STORED_ANSWER_MAX_ERRORS errors only.
 */
export class IngestResultDto {
  @ApiProperty({ description: 'Events stored', example: 998 })
  accepted!: number;

  @ApiProperty({ description: 'Events refused (listed in `errors`)', example: 2 })
  rejected!: number;

  @ApiProperty({ type: () => [IngestRejectionDto] })
  errors!: IngestRejectionDto[];

  @ApiPropertyOptional({
    description: 'Only in a replayed answer: refused events left out of `errors`',
    example: 480,
  })
  errorsOmitted?: number;
}

/** How many errors of a batch's answer are kept for its replay (the counts are always kept). */
export const STORED_ANSWER_MAX_ERRORS = 20;

/**
 * The answer to a batch as stored under its idempotency key for a day: one error line per
 * refused event would let one batch of junk keep hundreds of kilobytes in Redis.
 */
export function storedBatchAnswer<A extends { readonly errors: readonly unknown[] }>(
  answer: A,
): A & { readonly errorsOmitted?: number } {
  const omitted = answer.errors.length - STORED_ANSWER_MAX_ERRORS;
  if (omitted <= 0) return answer;
  return {
    ...answer,
    errors: answer.errors.slice(0, STORED_ANSWER_MAX_ERRORS),
    errorsOmitted: omitted,
  };
}

/** What a flush moved from Redis to MongoDB. */
export class BucketFlushResultDto {
  @ApiProperty({ description: 'Pending hashes flushed (one per resolution, org and bucket)' })
  buckets!: number;

  @ApiProperty({ description: 'Bucket documents inserted or incremented' })
  documents!: number;
}
