import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { SeriesKind, SeriesSource } from '@vantage/contracts';

/**
 * One series in its organisation's index: what a listing shows of it. `f`/`t`: epoch ms of the
 * first and last valid sample, absent while none was valid. `i`: the declared interval, set by
 * the series' first sighting only (absent while that write is lost).
 */
export interface IndexedSeries {
  n: string;
  b: Record<string, string>;
  k: SeriesKind;
  s: SeriesSource;
  i?: number | null;
  c: Date;
  f?: number;
  t?: number;
}

/**
 * A share of the series catalogue of one organisation (SERIES_INDEX_PARTS documents per org, a
 * series in the part its id hashes to), keyed by series id (`ser_...`, no dots): what
 * listings, counts and "which of these exist" read by `_id` instead of filtering the
 * catalogue collection. Kept by SeriesRepository.record next to the catalogue entries;
 * `complete` once it holds its share of every entry the org had before the index existed.
 * Versions before the parts kept one document per org (`_id` the org id), folded into the
 * parts on its first read (SeriesIndexRepository.read).
 */
@Schema({ versionKey: false, collection: 'telemetry_series_index' })
export class SeriesIndexDoc {
  /** `<orgId>#<part>` (the org id alone: a legacy document). */
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

/**
 * The organisations that have a series index: one document (`_id` SERIES_ORGS_DOC_ID), so a
 * job over every organisation's series (the anomaly scan) reads it and then each index by
 * `_id` instead of filtering the catalogue of every organisation.
 */
@Schema({ versionKey: false, collection: 'telemetry_series_orgs' })
export class SeriesOrgsDoc {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: [String], default: [] })
  orgIds!: string[];
}

export const SERIES_ORGS_DOC_ID = 'all';
export const SeriesOrgsSchema = SchemaFactory.createForClass(SeriesOrgsDoc);
