import { Prop, Schema, SchemaFactory } from '@nestjs/mongoose';
import type { DashboardRowDto, HealthStatus, HealthWindowDto } from '@vantage/contracts';

/** One event id's status as the evaluator last saw it. */
export interface SeenStatus {
  readonly eventId: string;
  readonly radSet: string;
  readonly status: HealthStatus;
}

/**
 * The health an evaluation judged an organisation's rules on, and what it was computed from:
 * `mark` is the health basis (config, RAD sets, window hour) and the org's last flush. While the
 * mark stays the same, the next evaluation judges on these rows without reading the window.
 */
export interface JudgedHealth {
  /** Absent when the data's mark was unknown: such a judgement is never reused. */
  readonly mark?: string;
  readonly rows: readonly DashboardRowDto[];
  readonly window: HealthWindowDto;
}

/**
 * The statuses of an organisation's event ids at the last evaluation, so the next one can tell
 * what changed, and the health they were judged from (the evaluator's read model, by `_id`). Kept in MongoDB rather than in memory: the evaluation runs on whichever replica
 * takes the period's lock. Event ids are dotted, so they are values in an array, not keys.
 */
@Schema({ collection: 'alert_event_statuses', versionKey: false })
export class EventStatusSnapshot {
  /** The organisation id. */
  @Prop({ type: String, required: true })
  _id!: string;

  @Prop({ type: [Object], required: true })
  statuses!: SeenStatus[];

  /** Absent in snapshots saved before judgements were kept. */
  @Prop({ type: Object })
  judged?: JudgedHealth;

  @Prop({ type: Date, required: true })
  updatedAt!: Date;
}

export const EventStatusSnapshotSchema = SchemaFactory.createForClass(EventStatusSnapshot);
