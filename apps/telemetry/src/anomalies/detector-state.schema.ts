import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { Aggregation } from '@vantage/contracts';

/**
 * The anomaly detector of one series, between scans (telemetry_anomaly_detectors): its
 * snapshot (a few KB) and the first step not yet scored, so a restart continues where it was.
 */
@Schema({ versionKey: false, collection: 'telemetry_anomaly_detectors' })
export class DetectorRecord {
  /** `<orgId>/<seriesId>`. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  seriesId!: string;

  @Prop({ type: Number, required: true })
  stepMs!: number;

  @Prop({ type: String, required: true })
  aggregation!: Aggregation;

  /** Start of the first step not yet scored, epoch ms. */
  @Prop({ type: Number, required: true })
  nextFromMs!: number;

  /** Points the detector has learnt. */
  @Prop({ type: Number, required: true })
  observed!: number;

  /** AnomalyDetector.snapshot() as JSON text (kept opaque to the database). */
  @Prop({ type: String, required: true })
  snapshot!: string;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const DetectorRecordSchema = SchemaFactory.createForClass(DetectorRecord);
