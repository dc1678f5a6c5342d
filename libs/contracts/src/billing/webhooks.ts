import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  ArrayUnique,
  IsArray,
  IsInt,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Stripe webhooks: the gateway forwards the raw body and the Stripe-Signature header, billing
 * verifies and stores the event and processes it asynchronously. Failed events are listed and
 * replayed by operators.
 */
export const BILLING_WEBHOOK_PATTERNS = {
  receive: 'billing.webhooks.stripe.receive.1',
  listFailed: 'billing.webhooks.failed.list.1',
  replayFailed: 'billing.webhooks.failed.replay.1',
} as const;

/** Larger than any Stripe event (they are capped well below this); the gateway's limit is higher. */
export const STRIPE_WEBHOOK_MAX_BYTES = 1_048_576;

export const STRIPE_EVENT_ID_PATTERN = /^evt_[A-Za-z0-9_]{1,200}$/;

export class StripeWebhookMessage {
  /** The body exactly as Stripe sent it: the signature is over these bytes. */
  @IsString()
  @MaxLength(STRIPE_WEBHOOK_MAX_BYTES)
  payload!: string;

  @IsString()
  @MaxLength(2000)
  signature!: string;
}

export class StripeWebhookReceiptDto {
  @ApiProperty({ example: true })
  received!: boolean;

  @ApiProperty({ example: 'evt_1Nq...' })
  eventId!: string;

  @ApiProperty({ description: 'The event was delivered before: nothing changed.' })
  duplicate!: boolean;
}

export const FAILED_WEBHOOK_LIST_MAX_LIMIT = 100;

export class FailedWebhookListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: FAILED_WEBHOOK_LIST_MAX_LIMIT, default: 50 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(FAILED_WEBHOOK_LIST_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(300)
  after?: string;
}

export class FailedWebhookDto {
  @ApiProperty({ example: 'evt_1Nq...' })
  eventId!: string;

  @ApiProperty({ example: 'customer.subscription.updated' })
  type!: string;

  @ApiProperty({ description: 'When Stripe created the event.' })
  eventCreated!: string;

  @ApiProperty()
  receivedAt!: string;

  @ApiProperty({ description: 'Processing attempts made.' })
  attempts!: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  lastError!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  failedAt!: string | null;
}

export class FailedWebhookListDto {
  @ApiProperty({ type: [FailedWebhookDto], description: 'Most recently failed first.' })
  items!: FailedWebhookDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `after`.' })
  next!: string | null;
}

export class ReplayFailedWebhooksDto {
  @ApiProperty({ type: [String], maxItems: 100, example: ['evt_1Nq...'] })
  @IsArray()
  @ArrayNotEmpty()
  @ArrayMaxSize(100)
  @ArrayUnique()
  @IsString({ each: true })
  @Matches(STRIPE_EVENT_ID_PATTERN, { each: true, message: 'eventIds must be Stripe event ids' })
  eventIds!: string[];
}

export class ReplayFailedWebhooksResultDto {
  @ApiProperty({ type: [String], description: 'Queued for processing again.' })
  replayed!: string[];

  @ApiProperty({ type: [String], description: 'Not in the failed list (unknown or not failed).' })
  notFailed!: string[];
}
