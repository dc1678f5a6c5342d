import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { ReportRecipientStatus } from '@vantage/contracts';

/** A recipient of an organisation's weekly report. `emailKey` (lower case) is unique per org. */
@Schema({ collection: 'report_recipients', versionKey: false })
export class ReportRecipient {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, required: true })
  emailKey!: string;

  @Prop({ type: String, default: null })
  name!: string | null;

  @Prop({ type: String, required: true })
  status!: ReportRecipientStatus;

  @Prop({ type: Date, default: null })
  unsubscribedAt!: Date | null;

  /** Message that created it: a redelivered create answers it instead of a 409. */
  @Prop({ type: String, default: null })
  createdByMessage!: string | null;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const ReportRecipientSchema = SchemaFactory.createForClass(ReportRecipient);
ReportRecipientSchema.index({ orgId: 1, emailKey: 1 }, { unique: true });
