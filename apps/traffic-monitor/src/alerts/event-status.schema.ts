import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { HealthStatus } from '@vantage/contracts';

/** One event id's status as the evaluator last saw it. */
export interface SeenStatus {
  readonly eventId: string;
  readonly radSet: string;
  readonly status: HealthStatus;
}

/**
 * The statuses of an organisation's event ids at the last evaluation, so the next one can tell
 * what changed. Kept in MongoDB rather than in memory: the evaluation runs on whichever replica
 * takes the period's lock. Event ids are dotted, so they are values in an array, not keys.
 */
@Schema({ collection: 'alert_event_statuses', versionKey: false })
export class EventStatusSnapshot {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: [Object], required: true })
  statuses!: SeenStatus[];

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const EventStatusSnapshotSchema = SchemaFactory.createForClass(EventStatusSnapshot);
