import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { PLANS, type Plan } from '@vantage/contracts';
import { Schema as MongooseSchema } from 'mongoose';
import type { SnapshotVersion, SubscriptionSnapshot } from '../subscriptions/subscription-snapshot';

/** The subscription the org's plan follows, with the version (event time) it is as of. */
export interface CurrentSubscription extends SubscriptionSnapshot {
  readonly version: SnapshotVersion;
}

/** A failed invoice payment: the plan stays until `graceEndsAt`, then drops to free. */
export interface Dunning {
  readonly invoiceId: string;
  readonly since: Date;
  readonly graceEndsAt: Date;
  readonly downgradedAt: Date | null;
}

/**
 * One organisation's billing: its Stripe customer, the subscription its plan follows, dunning,
 * and the plan in effect. `version` guards every change (read, decide, write if unchanged), so
 * two replicas handling events of one org never overwrite each other's decisions.
 */
@Schema({ collection: 'billing_accounts', versionKey: false })
export class BillingAccount {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, default: null })
  customerId!: string | null;

  /** Where invoices and dunning mail go: the owner's at checkout, then the customer's in Stripe. */
  @Prop({ type: String, default: null })
  email!: string | null;

  @Prop({ type: String, enum: PLANS, required: true })
  plan!: Plan;

  @Prop({ type: Date, required: true })
  planChangedAt!: Date;

  /** The last plan change broadcast to the gateways: behind planChangedAt until it is. */
  @Prop({ type: Date, default: null })
  planAnnouncedAt!: Date | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  subscription!: CurrentSubscription | null;

  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  dunning!: Dunning | null;

  @Prop({ type: Number, required: true })
  version!: number;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const BillingAccountSchema = SchemaFactory.createForClass(BillingAccount);
BillingAccountSchema.index({ 'dunning.graceEndsAt': 1 });

/** Which org a Stripe customer belongs to: the customer id is the key, so it maps to one org. */
@Schema({ collection: 'stripe_customers', versionKey: false })
export class StripeCustomer {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: Date, required: true })
  linkedAt!: Date;
}

export const StripeCustomerSchema = SchemaFactory.createForClass(StripeCustomer);
