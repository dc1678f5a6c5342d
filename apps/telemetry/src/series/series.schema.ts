import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SeriesKind, SeriesSource } from '@vantage/contracts';

/** One series of one organisation: what it is, and when its first and last samples were. */
@Schema({ versionKey: false, collection: 'telemetry_series' })
export class SeriesEntry {
  /** `<orgId>/<seriesId>` (series-identity.ts). */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  seriesId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: Object, default: {} })
  labels!: Record<string, string>;

  @Prop({ type: String, required: true })
  kind!: SeriesKind;

  @Prop({ type: String, required: true })
  source!: SeriesSource;

  @Prop({ type: Number, default: null })
  intervalMs!: number | null;

  /** Epoch ms of the earliest and latest valid sample; null while none was valid. */
  @Prop({ type: Number, default: null })
  firstTimestamp!: number | null;

  @Prop({ type: Number, default: null })
  lastTimestamp!: number | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;
}

export const SeriesEntrySchema = SchemaFactory.createForClass(SeriesEntry);
// Building an org's series index reads its entries by org (listings read the index document).
SeriesEntrySchema.index({ orgId: 1, name: 1, seriesId: 1 });
