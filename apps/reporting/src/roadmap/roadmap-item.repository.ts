import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { RoadmapStatus } from '@vantage/contracts';
import type { Model, QueryFilter } from 'mongoose';
import { RoadmapItem } from './roadmap-item.schema';

export type RoadmapItemChanges = Partial<
  Pick<RoadmapItem, 'title' | 'status' | 'owner' | 'due' | 'doneAt' | 'updatedAt'>
>;

/** The only place that touches the roadmap collection. Every query is scoped by org. */
@Injectable()
export class RoadmapItemRepository {
  constructor(@InjectModel(RoadmapItem.name) private readonly items: Model<RoadmapItem>) {}

  list(orgId: string, status?: RoadmapStatus): Promise<RoadmapItem[]> {
    const filter: QueryFilter<RoadmapItem> = { orgId };
    if (status) filter.status = status;
    return this.items.find(filter).lean<RoadmapItem[]>().exec();
  }

  count(orgId: string): Promise<number> {
    return this.items.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<RoadmapItem | null> {
    return this.items.findOne({ _id: id, orgId }).lean<RoadmapItem>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<RoadmapItem | null> {
    return this.items.findOne({ orgId, createdByMessage: messageId }).lean<RoadmapItem>().exec();
  }

  async insert(item: RoadmapItem): Promise<void> {
    await this.items.create(item);
  }

  update(orgId: string, id: string, changes: RoadmapItemChanges): Promise<RoadmapItem | null> {
    return this.items
      .findOneAndUpdate({ _id: id, orgId }, { $set: changes }, { returnDocument: 'after' })
      .lean<RoadmapItem>()
      .exec();
  }

  delete(orgId: string, id: string): Promise<RoadmapItem | null> {
    return this.items.findOneAndDelete({ _id: id, orgId }).lean<RoadmapItem>().exec();
  }
}
