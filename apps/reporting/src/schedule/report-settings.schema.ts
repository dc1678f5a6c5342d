import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/** An organisation's weekly report settings. One document per org (`_id` is the org id). */
@Schema({ collection: 'report_settings', versionKey: false })
export class ReportSettings {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: Boolean, required: true })
  enabled!: boolean;

  /** 1 Monday … 7 Sunday. */
  @Prop({ type: Number, required: true })
  weekday!: number;

  /** `HH:MM`, local to `timeZone`. */
  @Prop({ type: String, required: true })
  time!: string;

  @Prop({ type: String, required: true })
  timeZone!: string;

  /** The report name an admin set; the e-mail shows it over accountName. */
  @Prop({ type: String, default: null })
  orgName!: string | null;

  /**
   * The organisation's name as the gateway passed it last (with a preview or a send): the
   * scheduled report is titled with it when no report name is set. Absent on older documents.
   */
  @Prop({ type: String, default: null })
  accountName?: string | null;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const ReportSettingsSchema = SchemaFactory.createForClass(ReportSettings);
ReportSettingsSchema.index({ enabled: 1 });
