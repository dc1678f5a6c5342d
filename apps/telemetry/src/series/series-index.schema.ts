import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SeriesKind, SeriesSource } from '@vantage/contracts';

/**
 * One series in its organisation's index: what a listing shows of it. `f`/`t`: epoch ms of the
 * first and last valid sample, absent while none was valid.
 */
export interface IndexedSeries {
  n: string;
  b: Record<string, string>;
  k: SeriesKind;
  s: SeriesSource;
  i: number | null;
  c: Date;
  f?: number;
  t?: number;
}

/**
 * The series catalogue of one organisation in one document, keyed by series id (`ser_...`, no
 * dots): what listings, counts and "which of these exist" read by `_id` instead of filtering
 * the catalogue collection. Kept by SeriesRepository.record next to the catalogue entries;
 * `complete` once it holds every entry the org had before the index existed.
 */
@Schema({ versionKey: false, collection: 'telemetry_series_index' })
export class SeriesIndexDoc {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Object, default: {} })
  series!: Record<string, IndexedSeries>;

  @Prop({ type: Boolean })
  complete?: boolean;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const SeriesIndexSchema = SchemaFactory.createForClass(SeriesIndexDoc);
