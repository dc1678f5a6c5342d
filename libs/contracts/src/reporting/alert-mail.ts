import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsEmail,
  IsIn,
  IsISO8601,
  IsObject,
  IsString,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import {
  ALERT_RULE_MAX_RECIPIENTS,
  ALERT_SEVERITIES,
  type AlertDetails,
  type AlertSeverity,
} from '../traffic/alerts';

/**
 * Emitted by the traffic monitor when an alert of a rule with e-mail recipients is raised or
 * resolved; the reporting service mails it. One event per transition: `dedupeKey`
 * (`<alertId>:<kind>`) is the same if it is ever emitted again, so the mail goes out once.
 */
export const ALERT_MAIL_REQUESTED_EVENT = 'reporting.alert-mail.requested';

export const ALERT_MAIL_KINDS = ['raised', 'resolved'] as const;
export type AlertMailKind = (typeof ALERT_MAIL_KINDS)[number];

/** The payload, validated like every message payload when the reporting service receives it. */
export class AlertMailRequestedEvent {
  @IsString()
  @MaxLength(200)
  dedupeKey!: string;

  @IsIn(ALERT_MAIL_KINDS)
  kind!: AlertMailKind;

  @IsString()
  @MaxLength(100)
  orgId!: string;

  @IsString()
  @MaxLength(100)
  alertId!: string;

  @IsString()
  @MaxLength(100)
  ruleId!: string;

  @IsString()
  @MaxLength(200)
  ruleName!: string;

  @IsIn(ALERT_SEVERITIES)
  severity!: AlertSeverity;

  /** One line for the subject, e.g. `1 event CRITICAL: shop.checkout (−90%)`. */
  @IsString()
  @MaxLength(2000)
  summary!: string;

  @ArrayNotEmpty()
  @ArrayMaxSize(ALERT_RULE_MAX_RECIPIENTS)
  @IsEmail({}, { each: true })
  recipients!: string[];

  @IsISO8601({ strict: true })
  openedAt!: string;

  /** Set when `kind` is `resolved`. */
  @ValidateIf((event: AlertMailRequestedEvent) => event.resolvedAt !== null)
  @IsISO8601({ strict: true })
  resolvedAt!: string | null;

  /** What made the alert fire (the events, or the formula's value), for the mail's body. */
  @IsObject()
  details!: AlertDetails;
}
