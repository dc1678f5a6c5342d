import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** First and last minute (epoch ms of their starts) an event id was flushed with a count in. */
export interface FlushedMinutes {
  f?: number;
  l?: number;
}

/**
 * The traffic series of one organisation, as the traffic monitor's flushes announced them: one
 * document per organisation, read and written by `_id` only. Event ids are dotted, so the keys
 * of `series` are escaped (trafficSeriesKey).
 */
@Schema({ versionKey: false, collection: 'telemetry_traffic_series' })
export class TrafficSeriesCatalogueEntry {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Object, default: {} })
  series!: Record<string, FlushedMinutes>;

  /**
   * Event ids the traffic monitor had catalogued when this organisation's traffic series were
   * first listed: counts flushed before telemetry followed the flushes. Their minutes are
   * unknown until they are flushed again.
   */
  @Prop({ type: [String], default: undefined })
  backfill?: string[];

  @Prop({ type: Date })
  backfilledAt?: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const TrafficSeriesCatalogueEntrySchema = SchemaFactory.createForClass(
  TrafficSeriesCatalogueEntry,
);
