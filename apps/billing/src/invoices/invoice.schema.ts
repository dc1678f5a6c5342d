import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One failed payment attempt of an invoice (from invoice.payment_failed). */
export interface PaymentFailure {
  readonly eventId: string;
  readonly at: Date;
  readonly attempt: number;
}

/**
 * An invoice of an org, as of the newest invoice event (`asOf`, Unix seconds): for the invoice
 * list, revenue collected, and the failed payments dunning starts from.
 */
@Schema({ collection: 'invoices', versionKey: false })
export class StoredInvoice {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  customerId!: string;

  @Prop({ type: String, default: null })
  subscriptionId!: string | null;

  @Prop({ type: String, default: null })
  number!: string | null;

  @Prop({ type: String, required: true })
  status!: string;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: Number, required: true })
  total!: number;

  @Prop({ type: Number, required: true })
  amountDue!: number;

  @Prop({ type: Number, required: true })
  amountPaid!: number;

  @Prop({ type: Date, required: true })
  created!: Date;

  @Prop({ type: Date, default: null })
  paidAt!: Date | null;

  @Prop({ type: Date, default: null })
  periodStart!: Date | null;

  @Prop({ type: Date, default: null })
  periodEnd!: Date | null;

  @Prop({ type: String, default: null })
  hostedInvoiceUrl!: string | null;

  @Prop({ type: String, default: null })
  invoicePdf!: string | null;

  @Prop({ type: Number, required: true })
  attemptCount!: number;

  @Prop({ type: Date, default: null })
  nextPaymentAttempt!: Date | null;

  @Prop({ type: Number, required: true })
  asOf!: number;

  @Prop({ type: [Object], default: [] })
  failures!: PaymentFailure[];
}

export const StoredInvoiceSchema = SchemaFactory.createForClass(StoredInvoice);
StoredInvoiceSchema.index({ orgId: 1, created: -1 });
StoredInvoiceSchema.index({ paidAt: 1 });
// Failed payments in a period (revenue figures): failedBetween filters on the failures' times.
StoredInvoiceSchema.index({ 'failures.at': 1 });

/** A charge's refunded total as of a charge.refunded event: refunds in a period are the growth. */
@Schema({ collection: 'charge_refunds', versionKey: false })
export class ChargeRefund {
  /** `<charge id>:<event id>`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  chargeId!: string;

  @Prop({ type: String, default: null })
  orgId!: string | null;

  @Prop({ type: String, required: true })
  currency!: string;

  @Prop({ type: Number, required: true })
  amountRefunded!: number;

  @Prop({ type: Date, required: true, index: true })
  at!: Date;
}

export const ChargeRefundSchema = SchemaFactory.createForClass(ChargeRefund);
