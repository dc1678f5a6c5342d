import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type {
  AlertDetails,
  AlertResolvedReason,
  AlertSeverity,
  AlertStatus,
} from '@vantage/contracts';

/**
 * One alert: an episode of a rule's condition being true. `seq` numbers a rule's alerts from 1,
 * and (orgId, ruleId, seq) is unique: that is the deduplication key, so two evaluations racing
 * to open the same episode insert one alert, and the loser knows it lost.
 */
@Schema({ collection: 'alerts', versionKey: false })
export class Alert {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  ruleId!: string;

  @Prop({ type: Number, required: true })
  seq!: number;

  /** The rule's name when the alert opened (the rule may be renamed or deleted later). */
  @Prop({ type: String, required: true })
  ruleName!: string;

  @Prop({ type: String, required: true })
  severity!: AlertSeverity;

  @Prop({ type: String, required: true })
  status!: AlertStatus;

  @Prop({ type: Date, required: true })
  openedAt!: Date;

  @Prop({ type: Date, required: true })
  lastSeenAt!: Date;

  @Prop({ type: Date })
  resolvedAt?: Date;

  @Prop({ type: String })
  resolvedReason?: AlertResolvedReason;

  @Prop({ type: String })
  ackBy?: string;

  @Prop({ type: Date })
  ackAt?: Date;

  @Prop({ type: String, required: true })
  summary!: string;

  @Prop({ type: Object, required: true })
  details!: AlertDetails;
}

export const AlertSchema = SchemaFactory.createForClass(Alert);
AlertSchema.index({ orgId: 1, ruleId: 1, seq: 1 }, { unique: true });
AlertSchema.index({ orgId: 1, openedAt: -1, _id: -1 });
