import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** Bucket widths points are stored at. */
export type PointsResolution = 'minute' | 'hour';

export const POINTS_RESOLUTION_MS: Readonly<Record<PointsResolution, number>> = {
  minute: 60_000,
  hour: 3_600_000,
};

/** How many sample timestamps a minute bucket keeps for quality (20 a second, on average). */
export const MAX_TRACKED_TIMESTAMPS = 1200;
/** How many batch ids a bucket remembers, so a batch applied twice counts once. */
export const REMEMBERED_BATCHES = 8;

/**
 * The samples of one series in one bucket (minute or hour), as aggregates that every supported
 * aggregation can be rolled up from: count, sum, min, max and the latest value. Minute buckets
 * also keep what quality needs: the sample timestamps (duplicates, gaps) and the invalid
 * samples refused. Concurrent writers of one bucket meet on its derived `_id`.
 */
@Schema({ versionKey: false, minimize: true })
export class PointsBucket {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  seriesId!: string;

  @Prop({ type: Date, required: true })
  start!: Date;

  /** Valid samples; min/max/latest are absent while it is 0. */
  @Prop({ type: Number, required: true })
  count!: number;

  @Prop({ type: Number, required: true })
  sum!: number;

  @Prop({ type: Number })
  min?: number;

  @Prop({ type: Number })
  max?: number;

  /**
   * The sample with the latest timestamp, as `<epoch ms, zero-padded>|<value>` (see latestKeyOf):
   * one string, so that `$max` keeps it in the same update as the counts.
   */
  @Prop({ type: String })
  latest?: string;

  /** Buckets written before `latest` existed: the latest sample's value and timestamp. */
  @Prop({ type: Number })
  last?: number;

  @Prop({ type: Number })
  lastTs?: number;

  /** Minute buckets: epoch ms of each valid sample, repeats included, the first 1,200. */
  @Prop({ type: [Number], default: undefined })
  ts?: number[];

  /** Minute buckets: samples refused for a null/NaN/infinite value, or a negative count. */
  @Prop({ type: Number })
  nonFinite?: number;

  @Prop({ type: Number })
  negative?: number;

  @Prop({ type: [String], default: [] })
  batches!: string[];
}

export const PointsBucketSchema = SchemaFactory.createForClass(PointsBucket);
// Reads are one series over a range, or a whole org over a window (quality); retention by start.
PointsBucketSchema.index({ orgId: 1, seriesId: 1, start: 1 });
PointsBucketSchema.index({ orgId: 1, start: 1 });
PointsBucketSchema.index({ start: 1 });

export const POINTS_MODEL: Readonly<Record<PointsResolution, string>> = {
  minute: 'TelemetryPointsMinute',
  hour: 'TelemetryPointsHour',
};

export const POINTS_COLLECTION: Readonly<Record<PointsResolution, string>> = {
  minute: 'telemetry_points_minute',
  hour: 'telemetry_points_hour',
};
