import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { BurnRateRuleName, SloKind, SloLatencyPercentile } from '@vantage/contracts';

/** One SLO of an organisation, with the burn-rate rules firing at its last evaluation. */
@Schema({ collection: 'slos', versionKey: false })
export class Slo {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: String, required: true })
  service!: string;

  @Prop({ type: String, required: true })
  kind!: SloKind;

  @Prop({ type: Number, required: true })
  target!: number;

  @Prop({ type: Number, required: true })
  windowDays!: number;

  @Prop({ type: String, default: null })
  goodSeriesId!: string | null;

  @Prop({ type: String, default: null })
  totalSeriesId!: string | null;

  @Prop({ type: Number, default: null })
  thresholdMs!: number | null;

  @Prop({ type: String, default: null })
  percentile!: SloLatencyPercentile | null;

  @Prop({ type: String, default: null })
  latencySeriesId!: string | null;

  /** Rules firing at the last evaluation: a rule is announced when it enters or leaves this. */
  @Prop({ type: [String], default: [] })
  firingRules!: BurnRateRuleName[];

  /** Message that created the SLO: a redelivered create answers it instead of a duplicate. */
  @Prop({ type: String })
  createdByMessage?: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const SloSchema = SchemaFactory.createForClass(Slo);
SloSchema.index({ orgId: 1, name: 1 });
