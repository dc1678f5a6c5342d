import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsEmail, IsIn, IsInt, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { OptionalNotNull } from '../traffic/rad-sets';
import { PLANS, type Plan } from './plan';

/**
 * Billing of an organisation through Stripe: checkout and the customer portal, its subscription
 * and invoices. Every request acts for the org of its envelope.
 */
export const BILLING_PATTERNS = {
  createCheckoutSession: 'billing.checkout-session.create.1',
  createPortalSession: 'billing.portal-session.create.1',
  getSubscription: 'billing.subscription.get.1',
  cancelSubscription: 'billing.subscription.cancel.1',
  resumeSubscription: 'billing.subscription.resume.1',
  listInvoices: 'billing.invoices.list.1',
} as const;

/** Plans that are bought; `free` is what an org has without a subscription. */
export const PAID_PLANS = ['pro', 'enterprise'] as const satisfies readonly Plan[];
export type PaidPlan = (typeof PAID_PLANS)[number];

export const BILLING_INTERVALS = ['month', 'year'] as const;
export type BillingInterval = (typeof BILLING_INTERVALS)[number];

/**
 * The Stripe price billing sells `plan` per `interval` with when Stripe is a stand-in
 * (stripe-mock, which takes any price id) outside production and no STRIPE_PRICE_* is set: so
 * that `npm start` and the e2e system sell every plan out of the box. Test webhooks name it to
 * put an org on the plan.
 */
export function standInPriceId(plan: PaidPlan, interval: BillingInterval): string {
  return `price_local_${plan}_${interval === 'month' ? 'monthly' : 'yearly'}`;
}

/** Where Stripe sends the browser back to: http(s) only, and no longer than Stripe accepts. */
const RETURN_URL_PATTERN = /^https?:\/\/[^\s]+$/;
const RETURN_URL_MAX_LENGTH = 2000;

export class CreateCheckoutSessionDto {
  @ApiProperty({ enum: PAID_PLANS, example: 'pro' })
  @IsIn(PAID_PLANS)
  plan!: PaidPlan;

  @ApiPropertyOptional({ enum: BILLING_INTERVALS, default: 'month' })
  @OptionalNotNull()
  @IsIn(BILLING_INTERVALS)
  interval?: BillingInterval;

  @ApiProperty({ example: 'https://app.vantage.dev/billing?checkout=done' })
  @IsString()
  @MaxLength(RETURN_URL_MAX_LENGTH)
  @Matches(RETURN_URL_PATTERN, { message: 'successUrl must be an http(s) URL' })
  successUrl!: string;

  @ApiProperty({ example: 'https://app.vantage.dev/billing' })
  @IsString()
  @MaxLength(RETURN_URL_MAX_LENGTH)
  @Matches(RETURN_URL_PATTERN, { message: 'cancelUrl must be an http(s) URL' })
  cancelUrl!: string;
}

/**
 * The checkout request as the gateway forwards it: with the e-mail of the org's owner, which the
 * Stripe customer is created with (invoices and dunning mail go there).
 */
export class CheckoutSessionMessage extends CreateCheckoutSessionDto {
  @IsEmail()
  @MaxLength(320)
  ownerEmail!: string;
}

export class CheckoutSessionDto {
  @ApiProperty({ example: 'cs_test_a1b2c3' })
  id!: string;

  @ApiProperty({ description: 'Send the browser here to pay.' })
  url!: string;
}

export class CreatePortalSessionDto {
  @ApiProperty({ example: 'https://app.vantage.dev/billing' })
  @IsString()
  @MaxLength(RETURN_URL_MAX_LENGTH)
  @Matches(RETURN_URL_PATTERN, { message: 'returnUrl must be an http(s) URL' })
  returnUrl!: string;
}

export class PortalSessionDto {
  @ApiProperty({ description: 'The Stripe customer portal of the organisation.' })
  url!: string;
}

/** `none`: the org never subscribed (or its subscription was never seen by billing). */
export const SUBSCRIPTION_STATUSES = [
  'none',
  'incomplete',
  'incomplete_expired',
  'trialing',
  'active',
  'past_due',
  'canceled',
  'unpaid',
  'paused',
] as const;
export type SubscriptionStatus = (typeof SUBSCRIPTION_STATUSES)[number];

export class DunningDto {
  @ApiProperty({ description: 'The unpaid invoice.' })
  invoiceId!: string;

  @ApiProperty({ description: 'When its first payment failed.' })
  since!: string;

  @ApiProperty({ description: 'When the organisation drops to free unless the invoice is paid.' })
  graceEndsAt!: string;

  @ApiProperty({ description: 'True once the grace period ended and the plan was lowered.' })
  downgraded!: boolean;
}

export class SubscriptionDto {
  @ApiProperty({ enum: PLANS, description: 'The plan in effect now (rate limits follow it).' })
  plan!: Plan;

  @ApiProperty({ enum: SUBSCRIPTION_STATUSES })
  status!: SubscriptionStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'sub_1Nq...' })
  subscriptionId!: string | null;

  @ApiPropertyOptional({ enum: PLANS, nullable: true, description: 'The plan subscribed to.' })
  subscribedPlan!: Plan | null;

  @ApiPropertyOptional({ enum: BILLING_INTERVALS, nullable: true })
  interval!: BillingInterval | null;

  @ApiProperty()
  quantity!: number;

  @ApiPropertyOptional({ nullable: true, type: String })
  currentPeriodEnd!: string | null;

  @ApiProperty({ description: 'Ends at currentPeriodEnd instead of renewing.' })
  cancelAtPeriodEnd!: boolean;

  @ApiPropertyOptional({ nullable: true, type: String })
  trialEnd!: string | null;

  @ApiPropertyOptional({ nullable: true, type: DunningDto })
  dunning!: DunningDto | null;
}

export const INVOICE_LIST_MAX_LIMIT = 100;

export class InvoiceListQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: INVOICE_LIST_MAX_LIMIT, default: 20 })
  @OptionalNotNull()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(INVOICE_LIST_MAX_LIMIT)
  limit?: number;

  @ApiPropertyOptional({ description: 'The `next` of the previous page.' })
  @OptionalNotNull()
  @IsString()
  @MaxLength(200)
  after?: string;
}

export class InvoiceDto {
  @ApiProperty({ example: 'in_1Nq...' })
  id!: string;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'VANT-0001' })
  number!: string | null;

  @ApiProperty({ example: 'paid', description: 'draft, open, paid, uncollectible or void' })
  status!: string;

  @ApiProperty({ example: 'usd' })
  currency!: string;

  @ApiProperty({ description: 'In the smallest unit of the currency (cents).' })
  total!: number;

  @ApiProperty()
  amountDue!: number;

  @ApiProperty()
  amountPaid!: number;

  @ApiProperty()
  created!: string;

  @ApiPropertyOptional({ nullable: true, type: String })
  paidAt!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  periodStart!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  periodEnd!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Stripe-hosted page.' })
  hostedInvoiceUrl!: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'PDF download.' })
  invoicePdf!: string | null;
}

export class InvoiceListDto {
  @ApiProperty({ type: [InvoiceDto], description: 'Newest first.' })
  items!: InvoiceDto[];

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Pass as `after`.' })
  next!: string | null;
}
