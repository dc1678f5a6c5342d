import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The distinct event ids an organisation has sent, first seen first, up to
 * EVENT_ID_CATALOGUE_MAX: one document per organisation, read by `_id` only. Event ids are
 * dotted, so they are values in an array, not keys.
 */
@Schema({ collection: 'event_id_catalogue', versionKey: false })
export class EventIdCatalogueEntry {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: [String], required: true })
  eventIds!: string[];

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const EventIdCatalogueEntrySchema = SchemaFactory.createForClass(EventIdCatalogueEntry);
