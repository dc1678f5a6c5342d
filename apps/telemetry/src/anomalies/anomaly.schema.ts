import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import { Schema as MongooseSchema } from 'mongoose';
import type { AnomalyExplanationDto, AnomalyStatus } from '@vantage/contracts';

/** One anomalous point of a series (telemetry_anomalies). */
@Schema({ versionKey: false, collection: 'telemetry_anomalies' })
export class Anomaly {
  /** `tan_...`, derived from org, series and timestamp, so a rescan stores a point once. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  seriesId!: string;

  /** Start of the step scored, epoch ms. */
  @Prop({ type: Number, required: true })
  timestamp!: number;

  @Prop({ type: Number, required: true })
  stepMs!: number;

  @Prop({ type: Number, required: true })
  score!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  explanation!: AnomalyExplanationDto;

  @Prop({ type: String, required: true })
  status!: AnomalyStatus;

  @Prop({ type: Boolean, required: true })
  suppressed!: boolean;

  @Prop({ type: [String], required: true })
  qualityReasons!: string[];

  @Prop({ type: Date, required: true })
  detectedAt!: Date;

  @Prop({ type: Date, default: null })
  acknowledgedAt!: Date | null;

  @Prop({ type: String, default: null })
  acknowledgedBy!: string | null;
}

export const AnomalySchema = SchemaFactory.createForClass(Anomaly);
// Lists are per org, newest point first.
// Ascending: walked backwards for newest first, and the shard key's index (docs/mongodb-sharding.md).
AnomalySchema.index({ orgId: 1, timestamp: 1, _id: 1 });
AnomalySchema.index({ orgId: 1, seriesId: 1, timestamp: -1 });
