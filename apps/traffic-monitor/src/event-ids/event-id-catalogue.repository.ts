import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { EventIdCatalogueEntry } from './event-id-catalogue.schema';

/** The only place that touches the event id catalogue. Every query is by `_id` (the org). */
@Injectable()
export class EventIdCatalogueRepository {
  constructor(
    @InjectModel(EventIdCatalogueEntry.name)
    private readonly entries: Model<EventIdCatalogueEntry>,
  ) {}

  /** The org's event ids; empty before its first stored event. */
  async read(orgId: string): Promise<readonly string[]> {
    const entry = await this.entries
      .findOne({ _id: orgId }, { eventIds: 1 })
      .lean<Pick<EventIdCatalogueEntry, 'eventIds'>>()
      .exec();
    return entry?.eventIds ?? [];
  }

  /** Adds the ids not there yet; answers the org's ids after the write. */
  async add(orgId: string, eventIds: readonly string[], at: Date): Promise<readonly string[]> {
    const entry = await this.entries
      .findOneAndUpdate(
        { _id: orgId },
        { $addToSet: { eventIds: { $each: [...eventIds] } }, $set: { updatedAt: at } },
        // No projection: FerretDB v1 answers findAndModify with `fields` "not implemented".
        { upsert: true, returnDocument: 'after' },
      )
      .lean<Pick<EventIdCatalogueEntry, 'eventIds'>>()
      .exec();
    return entry?.eventIds ?? eventIds;
  }
}
