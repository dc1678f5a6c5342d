import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { EventStatusSnapshot, type SeenStatus } from './event-status.schema';

/** The only place that touches the last-seen statuses. One document per organisation. */
@Injectable()
export class EventStatusRepository {
  constructor(
    @InjectModel(EventStatusSnapshot.name) private readonly snapshots: Model<EventStatusSnapshot>,
  ) {}

  /** Null before the organisation's first evaluation. */
  async lastSeen(orgId: string): Promise<readonly SeenStatus[] | null> {
    const snapshot = await this.snapshots
      .findOne({ _id: orgId })
      .lean<EventStatusSnapshot>()
      .exec();
    return snapshot?.statuses ?? null;
  }

  async save(orgId: string, statuses: readonly SeenStatus[], at: Date): Promise<void> {
    await this.snapshots
      .updateOne(
        { _id: orgId },
        { $set: { statuses: [...statuses], updatedAt: at } },
        { upsert: true },
      )
      .exec();
  }
}
