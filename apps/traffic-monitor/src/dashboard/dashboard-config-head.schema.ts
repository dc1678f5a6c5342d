import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * Where an organisation's newest dashboard config version is, so it is found by `_id` reads
 * (`<orgId>:<version>`) and never by a sorted query over every version. Moved on after each
 * append; a head left behind (a crash between the two writes) costs one more keyed read, as
 * the reader walks on to the versions after it.
 */
@Schema({ collection: 'dashboard_config_heads', versionKey: false })
export class DashboardConfigHead {
  /** The org id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Number, required: true })
  version!: number;

  /**
   * The versions the last changes made, by message id: a redelivered change answers its
   * version from here (a keyed read), not by a query over the versions' message ids.
   */
  @Prop({ type: [Object], default: [] })
  messages!: { id: string; version: number }[];
}

export const DashboardConfigHeadSchema = SchemaFactory.createForClass(DashboardConfigHead);
