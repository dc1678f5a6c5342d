import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { GoldenSignalsReportedEvent } from '@vantage/contracts';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * A golden-signals report as received, until GoldenSignalsFoldJob folds its minute into points.
 * The collection holds only reports not folded yet (a minute or two of them), so reading it
 * whole stays cheap however much history the points hold.
 */
@Schema({ versionKey: false })
export class StagedGoldenSignals {
  /** The report's batch id (its transport message id): a report delivered twice is staged once. */
  @Prop({ type: String, required: true })
  _id!: string;

  /** Start of the minute the report's period ends in (epoch ms), which its samples fall into. */
  @Prop({ type: Number, required: true })
  minute!: number;

  @Prop({ type: MongooseSchema.Types.Mixed, required: true })
  report!: GoldenSignalsReportedEvent;
}

export const StagedGoldenSignalsSchema = SchemaFactory.createForClass(StagedGoldenSignals);

export const STAGED_GOLDEN_SIGNALS_COLLECTION = 'telemetry_golden_signals_staged';
