import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsEmail, IsIn, IsString, Length, Matches, MaxLength } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';

/** Who receives the weekly report of an organisation, and the public unsubscribe. */
export const REPORT_RECIPIENT_PATTERNS = {
  list: 'reporting.recipients.list.1',
  get: 'reporting.recipients.get.1',
  create: 'reporting.recipients.create.1',
  update: 'reporting.recipients.update.1',
  delete: 'reporting.recipients.delete.1',
  /** Carries a signed token instead of an org: it comes from a public link in an e-mail. */
  unsubscribe: 'reporting.recipients.unsubscribe.1',
} as const;

/** Recipient ids: `rcp_` and 20 base62 characters. */
export const REPORT_RECIPIENT_ID_PATTERN = /^rcp_[A-Za-z0-9]{20}$/;

export const REPORT_RECIPIENT_STATUSES = ['subscribed', 'unsubscribed'] as const;
export type ReportRecipientStatus = (typeof REPORT_RECIPIENT_STATUSES)[number];

export const REPORT_MAX_RECIPIENTS = 200;

export class CreateReportRecipientDto {
  @ApiProperty({ example: 'ceo@example.com', maxLength: 254 })
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  @ApiPropertyOptional({ example: 'Ada Lovelace', maxLength: 120 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;
}

/** The create message: the gateway adds whether the address is a member's (no opt-in then). */
export class CreateReportRecipientMessageDto extends CreateReportRecipientDto {
  @OptionalNotNull()
  @IsBoolean()
  member?: boolean;
}

/**
 * PATCH body. An admin may unsubscribe someone, never subscribe again someone who unsubscribed
 * (delete and add them back, knowingly, for that).
 */
export class UpdateReportRecipientDto {
  @ApiPropertyOptional({ maxLength: 120 })
  @OptionalNotNull()
  @IsString()
  @Length(1, 120)
  @Matches(/\S/, { message: 'name must not be blank' })
  name?: string;

  @ApiPropertyOptional({ enum: ['unsubscribed'] })
  @OptionalNotNull()
  @IsIn(['unsubscribed'])
  status?: 'unsubscribed';
}

export class UpdateReportRecipientMessageDto extends UpdateReportRecipientDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

export class ReportRecipientIdDto {
  @IsString()
  @MaxLength(100)
  id!: string;
}

/**
 * Whether the address may get the report: `not-needed` (a member's), `pending` (sent its one
 * confirmation mail; gets nothing until it follows the link), `confirmed`.
 */
export const RECIPIENT_CONFIRMATIONS = ['not-needed', 'pending', 'confirmed'] as const;
export type RecipientConfirmation = (typeof RECIPIENT_CONFIRMATIONS)[number];

export class ReportRecipientDto {
  @ApiProperty({ example: 'rcp_3kT9wQ1mZp8Lx2Vb7Nc4' })
  id!: string;

  @ApiProperty()
  email!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  name!: string | null;

  @ApiProperty({ enum: REPORT_RECIPIENT_STATUSES })
  status!: ReportRecipientStatus;

  @ApiProperty()
  createdAt!: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  unsubscribedAt!: string | null;

  @ApiProperty({
    enum: RECIPIENT_CONFIRMATIONS,
    description:
      'Double opt-in: an address outside the organisation gets no report until confirmed.',
  })
  confirmation!: RecipientConfirmation;
}

export class ReportRecipientListDto {
  @ApiProperty({ type: [ReportRecipientDto], description: 'By e-mail.' })
  items!: ReportRecipientDto[];
}

export class UnsubscribeDto {
  @ApiProperty({ description: 'The signed token of the link in the e-mail.' })
  @IsString()
  @MaxLength(300)
  token!: string;
}

export class UnsubscribeResultDto {
  @ApiProperty({ example: 'c***@example.com', description: 'Masked.' })
  email!: string;

  @ApiProperty({ description: 'true when it had already been done.' })
  alreadyUnsubscribed!: boolean;
}
