import {
  ArrayMaxSize,
  ArrayNotEmpty,
  IsEmail,
  IsIn,
  IsInt,
  IsISO8601,
  IsString,
  Length,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { PLANS, type Plan } from '../billing/plan';

/**
 * Emitted by billing while an organisation's payment is failing (dunning); the reporting service
 * mails the owner. `payment-failed`: an invoice payment attempt failed and the plan drops to free
 * at `graceEndsAt` unless it is paid. `downgraded`: the grace period ended and the plan dropped.
 * `dedupeKey` is the same whenever billing emits the same notice again, so it is mailed once.
 */
export const DUNNING_MAIL_REQUESTED_EVENT = 'reporting.dunning-mail.requested';

export const DUNNING_MAIL_KINDS = ['payment-failed', 'downgraded'] as const;
export type DunningMailKind = (typeof DUNNING_MAIL_KINDS)[number];

/** The payload, validated like every message payload when the reporting service receives it. */
export class DunningMailRequestedEvent {
  /** `<invoiceId>:payment-failed:<attempt>` or `<invoiceId>:downgraded`. */
  @IsString()
  @MaxLength(300)
  dedupeKey!: string;

  @IsIn(DUNNING_MAIL_KINDS)
  kind!: DunningMailKind;

  @IsString()
  @MaxLength(100)
  orgId!: string;

  /** The billing e-mail of the org (its owner's, unless changed in the Stripe portal). */
  @ArrayNotEmpty()
  @ArrayMaxSize(10)
  @IsEmail({}, { each: true })
  recipients!: string[];

  /** The plan at risk (`payment-failed`) or lost (`downgraded`). */
  @IsIn(PLANS)
  plan!: Plan;

  @IsString()
  @MaxLength(200)
  invoiceId!: string;

  @ValidateIf((event: DunningMailRequestedEvent) => event.invoiceNumber !== null)
  @IsString()
  @MaxLength(200)
  invoiceNumber!: string | null;

  /** In the smallest unit of the currency (cents). */
  @IsInt()
  @Min(0)
  amountDue!: number;

  @IsString()
  @Length(3, 3)
  currency!: string;

  /** Where the invoice can be paid; null when Stripe gave none. */
  @ValidateIf((event: DunningMailRequestedEvent) => event.hostedInvoiceUrl !== null)
  @IsString()
  @MaxLength(2000)
  hostedInvoiceUrl!: string | null;

  /** Payment attempts so far (Stripe's attempt_count). */
  @IsInt()
  @Min(0)
  attemptCount!: number;

  /** When Stripe tries again; null when it will not. */
  @ValidateIf((event: DunningMailRequestedEvent) => event.nextPaymentAttemptAt !== null)
  @IsISO8601({ strict: true })
  nextPaymentAttemptAt!: string | null;

  /** When the org drops (or dropped) to free. */
  @IsISO8601({ strict: true })
  graceEndsAt!: string;

  @IsISO8601({ strict: true })
  occurredAt!: string;
}
