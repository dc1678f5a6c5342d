import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { SubscriptionSnapshot } from './subscription-snapshot';

/**
 * Every state of every subscription billing was told of, as of its event's time: the history
 * revenue metrics are computed from. Keyed by subscription and event, so a redelivered event
 * adds nothing.
 */
@Schema({ collection: 'subscription_revisions', versionKey: false })
export class SubscriptionRevision {
  /** `<subscription id>:<event id>`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  subscriptionId!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  /** The event's time (Unix seconds) and lifecycle rank: see SnapshotVersion. */
  @Prop({ type: Number, required: true, index: true })
  asOf!: number;

  @Prop({ type: Number, required: true })
  rank!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  snapshot!: SubscriptionSnapshot;
}

export const SubscriptionRevisionSchema = SchemaFactory.createForClass(SubscriptionRevision);
