import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** One RAD set of an organisation. `nameKey` (the lower-cased name) is unique per org. */
@Schema({ collection: 'rad_sets', versionKey: false })
export class RadSet {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  nameKey!: string;

  @Prop({ type: String, required: true })
  pattern!: string;

  @Prop({ type: String, required: true })
  colour!: string;

  @Prop({ type: Boolean, required: true })
  enabled!: boolean;

  @Prop({ type: Number, required: true })
  priority!: number;

  @Prop({ type: Number, required: true })
  criticalDropPct!: number;

  @Prop({ type: Number, required: true })
  warningDropPct!: number;

  @Prop({ type: Number, required: true })
  minDailyVolume!: number;

  @Prop({ type: Number, required: true })
  highVolumeLevel!: number;

  @Prop({ type: Number, required: true })
  valuePerEvent!: number;

  /** One of the example sets (rad-set-examples.ts), added on the org's request. */
  @Prop({ type: Boolean, required: true })
  seeded!: boolean;

  /** Message that created the set: a redelivered create answers it instead of a 409. */
  @Prop({ type: String })
  createdByMessage?: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const RadSetSchema = SchemaFactory.createForClass(RadSet);
RadSetSchema.index({ orgId: 1, nameKey: 1 }, { unique: true });
