import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { BucketResolution, EventDimensions } from './bucket-query';

/**
 * One series (org, event id, dimension set) in one bucket. The same shape is stored in three
 * collections, one per resolution. `_id` is derived from the series and the bucket start
 * (see bucket-id.ts), so concurrent upserts of one bucket meet on the unique `_id` index.
 */
@Schema({ versionKey: false, minimize: true })
export class TrafficBucket {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  eventId!: string;

  /** Only the dimensions the events carried; `{}` when none. */
  @Prop({ type: Object, default: {} })
  dims!: EventDimensions;

  @Prop({ type: Date, required: true })
  start!: Date;

  @Prop({ type: Number, required: true })
  count!: number;

  /**
   * Ids of the last few flushes applied to this bucket: a flush re-run after a crash skips the
   * buckets it already incremented (ingest-flusher.ts).
   */
  @Prop({ type: [String], default: [] })
  flushes!: string[];
}

export const TrafficBucketSchema = SchemaFactory.createForClass(TrafficBucket);
// Reads are always org + time range, optionally by event id; retention deletes by start.
TrafficBucketSchema.index({ orgId: 1, start: 1 });
TrafficBucketSchema.index({ orgId: 1, eventId: 1, start: 1 });
TrafficBucketSchema.index({ start: 1 });

/** Model (and collection) name per resolution. */
export const BUCKET_MODEL: Readonly<Record<BucketResolution, string>> = {
  minute: 'TrafficBucketMinute',
  hour: 'TrafficBucketHour',
  day: 'TrafficBucketDay',
};

export const BUCKET_COLLECTION: Readonly<Record<BucketResolution, string>> = {
  minute: 'traffic_buckets_minute',
  hour: 'traffic_buckets_hour',
  day: 'traffic_buckets_day',
};
