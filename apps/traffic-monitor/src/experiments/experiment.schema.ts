import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * One experiment of an organisation. `_id` is `<orgId>/<key>`, so the key is unique per org
 * by the primary index alone.
 */
@Schema({ collection: 'experiments', versionKey: false })
export class Experiment {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: [Object], required: true })
  variants!: { name: string; weight: number }[];

  @Prop({ type: String, required: true })
  controlVariant!: string;

  @Prop({ type: String, required: true })
  impressionEventGlob!: string;

  @Prop({ type: String, default: null })
  clickEventGlob!: string | null;

  @Prop({ type: String, default: null })
  errorEventGlob!: string | null;

  @Prop({ type: Number, required: true })
  minCtrPct!: number;

  @Prop({ type: Number, required: true })
  maxErrorRatePct!: number;

  @Prop({ type: Date, default: null })
  startedAt!: Date | null;

  /** Message that created it: a redelivered create answers it instead of a 409. */
  @Prop({ type: String, default: null })
  createdByMessage!: string | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const ExperimentSchema = SchemaFactory.createForClass(Experiment);
ExperimentSchema.index({ orgId: 1, key: 1 });
