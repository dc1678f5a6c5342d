import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { AlertCondition, AlertSeverity } from '@vantage/contracts';

/** The notification channels of a rule as stored (the webhook URL in full: a secret). */
export interface StoredAlertChannels {
  readonly slack?: { readonly webhookUrl: string };
  readonly email?: { readonly recipients: readonly string[] };
}

/** One alert rule of an organisation. */
// minimize off: a rule without channels stores `channels: {}` rather than losing the field.
@Schema({ collection: 'alert_rules', versionKey: false, minimize: false })
export class AlertRule {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  name!: string;

  @Prop({ type: Boolean, required: true })
  enabled!: boolean;

  /** AlertCondition with its defaults filled in. */
  @Prop({ type: Object, required: true })
  condition!: AlertCondition;

  @Prop({ type: String, required: true })
  severity!: AlertSeverity;

  @Prop({ type: Number, required: true })
  cooldownMinutes!: number;

  @Prop({ type: Object, required: true })
  channels!: StoredAlertChannels;

  /** User or API key id from the envelope. */
  @Prop({ type: String, required: true })
  createdBy!: string;

  @Prop({ type: String, required: true })
  updatedBy!: string;

  /** Message that created the rule: a redelivered create answers it instead of a second rule. */
  @Prop({ type: String })
  createdByMessage?: string;

  @Prop({ type: Date, required: true })
  createdAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const AlertRuleSchema = SchemaFactory.createForClass(AlertRule);
AlertRuleSchema.index({ orgId: 1, createdAt: 1 });
// The evaluator reads the enabled rules of every organisation each minute.
AlertRuleSchema.index({ enabled: 1, orgId: 1 });
