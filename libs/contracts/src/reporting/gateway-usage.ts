import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Emitted by the gateway with what its requests tell about an organisation's usage: who was
 * active (a user's sign-in or authenticated request), which endpoints were called, how many
 * events were ingested, and from which country when an edge header says so. One event per
 * organisation (the envelope's org) and flush, carrying that org's records since the last
 * flush; the reporting service sums them per org and hour for the weekly report's usage
 * section. API keys are not people: their requests count as calls, never as active users.
 */
export const GATEWAY_USAGE_RECORDED_EVENT = 'gateway.usage.recorded';

export const USAGE_RECORD_KINDS = ['request', 'login'] as const;
export type UsageRecordKind = (typeof USAGE_RECORD_KINDS)[number];

/** Most records one event carries; a busier org is flushed in several events. */
export const USAGE_MAX_RECORDS = 1000;

export class UsageRecordDto {
  @IsISO8601({ strict: true })
  at!: string;

  /** `login`: a successful sign-in; `request`: an authenticated API request. */
  @IsIn(USAGE_RECORD_KINDS)
  kind!: UsageRecordKind;

  /** The user behind it (`usr_...`); absent for API keys. Makes the user active that day. */
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  userId?: string;

  /** The route template with the method, never the raw URL: `GET /api/v1/rad-sets/:id`. */
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  endpoint?: string;

  @OptionalNotNull()
  @IsInt()
  @Min(100)
  @Max(599)
  status?: number;

  /** ISO 3166-1 alpha-2, upper case, when the edge knows it (e.g. a CDN's country header). */
  @OptionalNotNull()
  @Matches(/^[A-Z]{2}$/, { message: 'country must be an ISO 3166-1 alpha-2 code' })
  country?: string;

  /** Traffic events accepted by this request (the ingest route); 0 or absent elsewhere. */
  @OptionalNotNull()
  @IsInt()
  @Min(0)
  @Max(1_000_000)
  eventsIngested?: number;
}

export class GatewayUsageRecordedEvent {
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(USAGE_MAX_RECORDS)
  @ValidateNested({ each: true })
  @Type(() => UsageRecordDto)
  records!: UsageRecordDto[];
}
