import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsBoolean,
  IsEmail,
  IsString,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { ALERT_RULE_MAX_RECIPIENTS } from '../traffic/alerts';

/**
 * Double opt-in of the addresses an organisation mails (alert and report recipients). An
 * address outside the org's members gets one confirmation mail with a single-use link and
 * nothing else until it is confirmed; members (the gateway knows them) are trusted at once.
 */
export const MAIL_CONSENT_PATTERNS = {
  /** The gateway tells which addresses an org wants to mail, marking its members. */
  register: 'reporting.mail-consent.register.1',
  /** These two carry the token instead of an org: they come from a public link. */
  peek: 'reporting.mail-consent.peek.1',
  confirm: 'reporting.mail-consent.confirm.1',
} as const;

/** Where the confirmation link of the e-mail points (on PUBLIC_URL). */
export const MAIL_CONFIRM_PATH = '/api/v1/mail/confirm';

export class MailAddressDto {
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  email!: string;

  /** Set by the gateway only: a member of the org is never asked to confirm. */
  @IsBoolean()
  member!: boolean;
}

export class RegisterMailAddressesDto {
  @ArrayNotEmpty()
  @ArrayMaxSize(ALERT_RULE_MAX_RECIPIENTS)
  @ValidateNested({ each: true })
  @Type(() => MailAddressDto)
  addresses!: MailAddressDto[];
}

export class MailConfirmationDto {
  @ApiProperty({ description: 'The single-use token of the link in the confirmation e-mail.' })
  @IsString()
  @MaxLength(300)
  token!: string;
}

export class MailConfirmationResultDto {
  @ApiProperty({ example: 'c***@example.com', description: 'Masked.' })
  email!: string;
}

/** `c***@example.com`: enough for the person to recognise, little for anyone else. */
export function maskEmailAddress(email: string): string {
  const at = email.lastIndexOf('@');
  const local = at < 0 ? email : email.slice(0, at);
  const domain = at < 0 ? '' : email.slice(at + 1);
  return `${local.slice(0, 1)}***@${domain}`;
}
