import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';

/**
 * received → processing → processed | ignored; a failed attempt → retrying (after a backoff)
 * → processing ...; the last allowed attempt failing → failed (the dead-letter list, replayable).
 */
export const WEBHOOK_STATUSES = [
  'received',
  'processing',
  'retrying',
  'processed',
  'ignored',
  'failed',
] as const;
export type WebhookStatus = (typeof WEBHOOK_STATUSES)[number];

/** A Stripe event, stored by its id before anything is done with it. */
@Schema({ collection: 'webhook_events', versionKey: false })
export class WebhookEvent {
  /** Stripe's event id: the same event delivered again finds itself here. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: String, required: true })
  type!: string;

  @Prop({ type: Date, required: true })
  eventCreated!: Date;

  /** The verified body as Stripe sent it (a string: Stripe's keys need not suit MongoDB). */
  @Prop({ type: String, required: true })
  payload!: string;

  @Prop({ type: String, enum: WEBHOOK_STATUSES, required: true })
  status!: WebhookStatus;

  /** Processing attempts since it was received (or last replayed). */
  @Prop({ type: Number, required: true })
  attempts!: number;

  /** Completed processings: 1 for every processed event, whatever was redelivered. */
  @Prop({ type: Number, required: true })
  completions!: number;

  @Prop({ type: String, default: null })
  lastError!: string | null;

  @Prop({ type: Date, default: null })
  nextAttemptAt!: Date | null;

  /** While processing: until when the replica holding it may; then another may take it over. */
  @Prop({ type: Date, default: null })
  lockedUntil!: Date | null;

  @Prop({ type: String, default: null })
  processedBy!: string | null;

  @Prop({ type: Date, required: true })
  receivedAt!: Date;

  @Prop({ type: Date, default: null })
  processedAt!: Date | null;

  @Prop({ type: Date, default: null })
  failedAt!: Date | null;

  @Prop({ type: Number, required: true })
  replays!: number;
}

export const WebhookEventSchema = SchemaFactory.createForClass(WebhookEvent);
WebhookEventSchema.index({ status: 1, nextAttemptAt: 1 });
// The dead-letter page sorts by (failedAt, _id) newest first: the index gives that order whole.
WebhookEventSchema.index({ status: 1, failedAt: -1, _id: -1 });
