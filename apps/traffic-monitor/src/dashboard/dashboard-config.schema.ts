import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { DashboardSettings } from '@vantage/contracts';

/**
 * One version of an organisation's dashboard settings. Versions are never changed or deleted:
 * a change or a rollback appends the next one, so the history is the collection itself.
 * `_id` is `<orgId>:<version>`, so two writers racing for the same next version meet on it.
 */
@Schema({ collection: 'dashboard_config_versions', versionKey: false })
export class DashboardConfigVersion {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: Number, required: true })
  version!: number;

  @Prop({ type: Object, required: true })
  settings!: DashboardSettings;

  @Prop({ type: Object, required: true })
  changedBy!: { kind: string; id: string };

  @Prop({ type: Date, required: true })
  changedAt!: Date;

  @Prop({ type: String, default: null })
  comment!: string | null;

  @Prop({ type: Number, default: null })
  rolledBackFrom!: number | null;

  /** The message that made this version: a redelivered change answers it, not a new one. */
  @Prop({ type: String, default: null })
  messageId!: string | null;
}

export const DashboardConfigVersionSchema = SchemaFactory.createForClass(DashboardConfigVersion);
