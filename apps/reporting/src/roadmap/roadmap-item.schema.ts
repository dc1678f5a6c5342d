import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { RoadmapStatus } from '@vantage/contracts';

/** A roadmap item of an organisation: what the weekly report's roadmap section counts. */
@Schema({ collection: 'roadmap_items', versionKey: false })
export class RoadmapItem {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  title!: string;

  @Prop({ type: String, required: true })
  status!: RoadmapStatus;

  @Prop({ type: String, default: null })
  owner!: string | null;

  /** `YYYY-MM-DD`. */
  @Prop({ type: String, default: null })
  due!: string | null;

  /** Set while the item is done. */
  @Prop({ type: Date, default: null })
  doneAt!: Date | null;

  @Prop({ type: String, default: null })
  createdByMessage!: string | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const RoadmapItemSchema = SchemaFactory.createForClass(RoadmapItem);
RoadmapItemSchema.index({ orgId: 1, status: 1 });
