import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * An organisation's usage in one UTC hour, summed from the gateway's usage events (bucket
 * pattern: one document per org and hour, updated with $inc / $addToSet upserts). Endpoint keys
 * are encoded (see usage-keys.ts): a field name may not hold a dot.
 */
@Schema({ collection: 'usage_hours', versionKey: false })
export class UsageHour {
  /** `<orgId>:<hour ISO>`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: Date, required: true })
  hour!: Date;

  @Prop({ type: Number, default: 0 })
  calls!: number;

  @Prop({ type: Number, default: 0 })
  events!: number;

  @Prop({ type: Number, default: 0 })
  logins!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  endpoints!: Record<string, number>;

  @Prop({ type: MongooseSchema.Types.Mixed, default: {} })
  countries!: Record<string, number>;

  /** Users active in the hour (signed in, or called the API with their session). */
  @Prop({ type: [String], default: [] })
  users!: string[];

  /** Ids of the usage messages already added: a redelivery adds nothing again. */
  @Prop({ type: [String], default: [] })
  applied!: string[];
}

export const UsageHourSchema = SchemaFactory.createForClass(UsageHour);
UsageHourSchema.index({ orgId: 1, hour: 1 });
