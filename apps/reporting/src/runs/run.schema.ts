import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { DeliveryStatus, MailKind, RunStatus, RunTrigger } from '@vantage/contracts';
import { Schema as MongooseSchema } from 'mongoose';

/**
 * One e-mail job: the weekly report of an org and week, one alert transition, one dunning
 * notice. Its id is derived from (kind, org, key), so whoever triggers it twice (two replicas,
 * a double click, a redelivered event) reaches the same record.
 */
@Schema({ collection: 'mail_runs', versionKey: false })
export class MailRun {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  kind!: MailKind;

  /** The ISO week (weekly) or the event's dedupe key (alert, dunning). */
  @Prop({ type: String, required: true })
  key!: string;

  @Prop({ type: String, required: true })
  status!: RunStatus;

  @Prop({ type: String, required: true })
  trigger!: RunTrigger;

  /** Empty until the content is built (weekly: by the first attempt). */
  @Prop({ type: String, default: '' })
  subject!: string;

  /**
   * What the mails are rendered from, kept so that a resumed run sends what the first
   * recipients got: the weekly report's figures, or the event.
   */
  @Prop({ type: MongooseSchema.Types.Mixed, default: null })
  content!: unknown;

  @Prop({ type: Number, required: true })
  attempts!: number;

  @Prop({ type: Date, required: true })
  startedAt!: Date;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;

  @Prop({ type: Date, default: null })
  finishedAt!: Date | null;

  /** When the scheduler may try the failed deliveries of a partial run again. */
  @Prop({ type: Date, default: null })
  resumeAfter!: Date | null;
}

export const MailRunSchema = SchemaFactory.createForClass(MailRun);
MailRunSchema.index({ orgId: 1, startedAt: -1 });
// Unfinished runs since a time, oldest first (RunRepository.unfinished).
MailRunSchema.index({ status: 1, startedAt: 1 });

/**
 * One recipient of one run. Its id is `<runId>:<address>`, so a recipient is in a run once; its
 * status is only ever moved by a conditional update, so two workers cannot both send it.
 */
@Schema({ collection: 'mail_deliveries', versionKey: false })
export class MailDelivery {
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  runId!: string;

  @Prop({ type: String, required: true })
  orgId!: string;

  @Prop({ type: String, required: true })
  email!: string;

  @Prop({ type: String, default: null })
  name!: string | null;

  /** The report recipient (weekly), checked for unsubscription right before sending. */
  @Prop({ type: String, default: null })
  recipientId!: string | null;

  /** Order of sending within the run. */
  @Prop({ type: Number, required: true })
  position!: number;

  @Prop({ type: String, required: true })
  status!: DeliveryStatus;

  @Prop({ type: Number, required: true })
  attempts!: number;

  /** The Message-ID it is sent with: the same on every attempt. */
  @Prop({ type: String, required: true })
  messageId!: string;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  @Prop({ type: Boolean, default: false })
  permanent!: boolean;

  @Prop({ type: Date, default: null })
  sentAt!: Date | null;

  @Prop({ type: String, default: null })
  claimedBy!: string | null;

  @Prop({ type: Date, default: null })
  claimedAt!: Date | null;
}

export const MailDeliverySchema = SchemaFactory.createForClass(MailDelivery);
MailDeliverySchema.index({ runId: 1, position: 1 });
