import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * The ids of an organisation's RAD sets, so its sets are read by `_id` (the index, then each
 * set) and never by a query over every org's sets. An id is added before its set is inserted
 * and removed after its set is deleted, so the index never misses a set; an id whose set is
 * gone (a crash between the two writes) is skipped when read.
 */
@Schema({ collection: 'rad_set_indexes', versionKey: false })
export class RadSetIndex {
  /** The org id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: [String], default: [] })
  ids!: string[];
}

export const RadSetIndexSchema = SchemaFactory.createForClass(RadSetIndex);
