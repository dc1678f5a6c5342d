import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { EventStatusSnapshot, type JudgedHealth, type SeenStatus } from './event-status.schema';

/** What the last evaluation of an organisation saw. */
export type LastEvaluation = Pick<EventStatusSnapshot, 'statuses' | 'judged'>;

/** Every read and write of an organisation's snapshot: its `_id` alone (explain-tested). */
export function eventStatusFilter(orgId: string): { _id: string } {
  return { _id: orgId };
}

/** The only place that touches the last-seen statuses. One document per organisation. */
@Injectable()
export class EventStatusRepository {
  constructor(
    @InjectModel(EventStatusSnapshot.name) private readonly snapshots: Model<EventStatusSnapshot>,
  ) {}

  /** Null before the organisation's first evaluation. */
  lastEvaluation(orgId: string): Promise<LastEvaluation | null> {
    return this.snapshots
      .findOne(eventStatusFilter(orgId), { statuses: 1, judged: 1 })
      .lean<LastEvaluation>()
      .exec();
  }

  async save(
    orgId: string,
    statuses: readonly SeenStatus[],
    judged: JudgedHealth,
    at: Date,
  ): Promise<void> {
    await this.snapshots
      .updateOne(
        eventStatusFilter(orgId),
        { $set: { statuses: [...statuses], judged, updatedAt: at } },
        { upsert: true },
      )
      .exec();
  }
}
