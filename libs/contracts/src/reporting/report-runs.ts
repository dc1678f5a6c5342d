import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/**
 * Run records: one per e-mail job (a weekly report of an org and week, an alert transition, a
 * dunning notice), with one delivery per recipient, so a resumed run skips those served.
 */
export const REPORT_RUN_PATTERNS = {
  list: 'reporting.runs.list.1',
  get: 'reporting.runs.get.1',
} as const;

/** Run ids: `run_` and 20 base62 characters (derived from kind, org and key). */
export const REPORT_RUN_ID_PATTERN = /^run_[A-Za-z0-9]{20}$/;

export const MAIL_KINDS = ['weekly', 'alert', 'dunning'] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

export const RUN_TRIGGERS = ['schedule', 'manual', 'event'] as const;
export type RunTrigger = (typeof RUN_TRIGGERS)[number];

/**
 * `running`: being sent, or interrupted (resumed by the scheduler); `completed`: every
 * delivery settled and none failed; `partial`: some failed for now (retried later);
 * `failed`: none could be delivered and no retry is left.
 */
export const RUN_STATUSES = ['running', 'completed', 'partial', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/**
 * `pending`: not tried yet; `sending`: handed to SMTP; `sent`: accepted by the SMTP server;
 * `failed`: refused or unreachable (`permanent` when the server said never); `skipped`: the
 * recipient unsubscribed before it went out.
 */
export const DELIVERY_STATUSES = ['pending', 'sending', 'sent', 'failed', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

export const REPORT_RUN_LIST_MAX_LIMIT = 100;

export class ReportDeliveryDto {
  @ApiProperty({ example: 'ceo@example.com' })
  email!: string;

  @ApiProperty({ enum: DELIVERY_STATUSES })
  status!: DeliveryStatus;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The Message-ID sent.' })
  messageId!: string | null;

  @ApiProperty()
  attempts!: number;

  @ApiPropertyOptional({ type: String, nullable: true })
  lastError!: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  sentAt!: string | null;
}

export class ReportRunDto {
  @ApiProperty({ example: 'run_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty({ enum: MAIL_KINDS })
  kind!: MailKind;

  @ApiProperty({
    example: '2026-W47',
    description: 'What the run is of: the ISO week (weekly), the dedupe key (alert, dunning).',
  })
  key!: string;

  @ApiProperty({ enum: RUN_STATUSES })
  status!: RunStatus;

  @ApiProperty({ enum: RUN_TRIGGERS, description: 'What started it first.' })
  trigger!: RunTrigger;

  @ApiProperty()
  subject!: string;

  @ApiProperty()
  startedAt!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  finishedAt!: string | null;

  @ApiProperty({ description: 'Times the run was started or resumed.' })
  attempts!: number;

  @ApiProperty({ type: [ReportDeliveryDto] })
  recipients!: ReportDeliveryDto[];
}

export class ReportRunListDto {
  @ApiProperty({ type: [ReportRunDto], description: 'Newest first.' })
  items!: ReportRunDto[];

  @ApiPropertyOptional({ type: String, nullable: true, description: 'Pass as `before`.' })
  next!: string | null;
}

export class ListReportRunsDto {
  @ApiPropertyOptional({ enum: MAIL_KINDS })
  @OptionalNotNull()
  @IsIn(MAIL_KINDS)
  kind?: MailKind;

  @ApiPropertyOptional({ minimum: 1, maximum: REPORT_RUN_LIST_MAX_LIMIT, default: 20 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(REPORT_RUN_LIST_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_.:-]+$/, { message: 'before is not a cursor of this list' })
  before?: string;
}

export class ReportRunIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}
