import { IsEmail, IsIn, IsISO8601, IsString, Length, MaxLength, ValidateIf } from 'class-validator';

/**
 * Sent by the gateway when a person must be mailed about their own account; the reporting
 * service mails it. Not tied to an organisation's mail runs (no org quota, no unsubscribe: the
 * person asked for it, or must know about it).
 * - `verify-email`: confirm the address of a new account (the link activates it);
 * - `already-registered`: someone signed up with an address that has an account;
 * - `password-reset`: the link sets a new password (once);
 * - `password-changed`: the password was changed or reset, in case it was not them.
 */
export const ACCOUNT_MAIL_REQUESTED_EVENT = 'reporting.account-mail.requested';

export const ACCOUNT_MAIL_KINDS = [
  'verify-email',
  'already-registered',
  'password-reset',
  'password-changed',
] as const;
export type AccountMailKind = (typeof ACCOUNT_MAIL_KINDS)[number];

export class AccountMailRequestedEvent {
  /** Unique per mail: the Message-ID is derived from it, so a redelivery is the same mail. */
  @IsString()
  @Length(8, 100)
  mailId!: string;

  @IsIn(ACCOUNT_MAIL_KINDS)
  kind!: AccountMailKind;

  @IsEmail()
  @MaxLength(254)
  to!: string;

  @IsString()
  @MaxLength(120)
  name!: string;

  /**
   * The link the mail is about (verification, reset, sign-in page). Contains a single-use
   * secret for `verify-email` and `password-reset`: never log it.
   */
  @ValidateIf((event: AccountMailRequestedEvent) => event.actionUrl !== null)
  @IsString()
  @MaxLength(2000)
  actionUrl!: string | null;

  /** When the link stops working; null when it does not expire. */
  @ValidateIf((event: AccountMailRequestedEvent) => event.expiresAt !== null)
  @IsISO8601({ strict: true })
  expiresAt!: string | null;

  @IsISO8601({ strict: true })
  requestedAt!: string;
}
