import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { BucketResolution } from '../bucket-query';

/**
 * The dashboard's read model of stored counts: one document per organisation, resolution and
 * bucket start, holding every event id's count in that bucket summed over its dimension sets.
 * The flusher writes it with the buckets (one document per flushed pending hash), and health
 * reads a window as a list of these documents by `_id` (see org-totals-id.ts), so a dashboard
 * never filters the growing bucket collections.
 */
@Schema({ collection: 'traffic_org_totals', versionKey: false, minimize: false })
export class OrgBucketTotals {
  /** `<resolution>|<start ms>|<orgId>` (orgTotalsId). */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  resolution!: BucketResolution;

  @Prop({ type: Date, required: true })
  start!: Date;

  /** Count per event id, the id encoded as a field name (eventIdField). */
  @Prop({ type: Object, required: true })
  counts!: Record<string, number>;

  /** The last flushes added, so a flush applied again (after a crash) adds nothing. */
  @Prop({ type: [String], default: [] })
  flushes!: string[];
}

export const OrgBucketTotalsSchema = SchemaFactory.createForClass(OrgBucketTotals);
// Retention deletes by resolution and start; reads are by `_id` only.
OrgBucketTotalsSchema.index({ resolution: 1, start: 1 });

export const ORG_TOTALS_MODEL = OrgBucketTotals.name;
