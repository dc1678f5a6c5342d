import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { RadSet } from './rad-set.schema';

const DUPLICATE_KEY = 11000;

/** The editable fields of a stored set. */
export type RadSetChanges = Omit<
  RadSet,
  '_id' | 'orgId' | 'seeded' | 'createdAt' | 'createdByMessage'
>;

/** The only place that touches the RAD set collections. Every query is scoped by org. */
@Injectable()
export class RadSetRepository {
  constructor(@InjectModel(RadSet.name) private readonly sets: Model<RadSet>) {}

  list(orgId: string): Promise<RadSet[]> {
    return this.sets.find({ orgId }).sort({ nameKey: 1 }).lean<RadSet[]>().exec();
  }

  /** Counted on creation only (a cap check), never on a read path. */
  count(orgId: string): Promise<number> {
    return this.sets.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<RadSet | null> {
    return this.sets.findOne({ _id: id, orgId }).lean<RadSet>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<RadSet | null> {
    return this.sets.findOne({ orgId, createdByMessage: messageId }).lean<RadSet>().exec();
  }

  /** Whether another set of the org (than `exceptId`) has this name key. */
  async nameTaken(orgId: string, nameKey: string, exceptId: string): Promise<boolean> {
    return (await this.sets.exists({ orgId, nameKey, _id: trusted({ $ne: exceptId }) })) !== null;
  }

  /** false when the org already has a set of that name. */
  async insert(set: RadSet): Promise<boolean> {
    try {
      await this.sets.create(set);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * 'missing' when no such set in the org, 'duplicate' when the new name is taken. (FerretDB
   * reports a unique-index violation on update as an internal error, not 11000: callers check
   * `nameTaken` first, and the index only settles a race.)
   */
  async update(
    orgId: string,
    id: string,
    changes: RadSetChanges,
  ): Promise<RadSet | 'missing' | 'duplicate'> {
    try {
      const updated = await this.sets
        .findOneAndUpdate({ _id: id, orgId }, { $set: changes }, { returnDocument: 'after' })
        .lean<RadSet>()
        .exec();
      return updated ?? 'missing';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  /** The deleted set, or null when the org has none with this id. */
  delete(orgId: string, id: string): Promise<RadSet | null> {
    return this.sets.findOneAndDelete({ _id: id, orgId }).lean<RadSet>().exec();
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
