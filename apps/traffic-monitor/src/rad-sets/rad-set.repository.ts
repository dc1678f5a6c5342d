import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { MONGO_WORK_LOCK_TTL_MS, RedisLocks } from '@vantage/service-runtime';
import type { Model } from 'mongoose';
import { RadSetIndex } from './rad-set-index.schema';
import { RadSet } from './rad-set.schema';

const DUPLICATE_KEY = 11000;
/** A change of an org's set index waits this long for another one (then 503: retry). */
const INDEX_LOCK_WAIT_MS = 10_000;

/** The editable fields of a stored set. */
export type RadSetChanges = Omit<
  RadSet,
  '_id' | 'orgId' | 'seeded' | 'createdAt' | 'createdByMessage'
>;

/** The filter of one set's document, and of one org's index: `_id` alone (keyed everywhere). */
export function radSetFilter(id: string): { _id: string } {
  return { _id: id };
}

export const radSetIndexFilter = radSetFilter;

/**
 * The only place that touches the RAD set collections. Every answer is scoped by org: a set is
 * read by `_id` and answered only when its `orgId` is the caller's; an org's sets are read
 * through its index (rad-set-index.schema.ts), one keyed read per set, so no query runs over
 * every org's sets (FerretDB pushes down a filter of `_id` alone, nothing else).
 */
@Injectable()
export class RadSetRepository {
  constructor(
    @InjectModel(RadSet.name) private readonly sets: Model<RadSet>,
    @InjectModel(RadSetIndex.name) private readonly indexes: Model<RadSetIndex>,
    private readonly locks: RedisLocks,
  ) {}

  /** Every set of the org, by name. */
  async list(orgId: string): Promise<RadSet[]> {
    const index = await this.indexes.findOne(radSetIndexFilter(orgId)).lean<RadSetIndex>().exec();
    if (!index) return this.indexOnce(orgId);
    const found = await Promise.all(index.ids.map((id) => this.findById(orgId, id)));
    return found
      .filter((set): set is RadSet => set !== null)
      .sort((a, b) => (a.nameKey < b.nameKey ? -1 : a.nameKey > b.nameKey ? 1 : 0));
  }

  /** Counted on creation only (a cap check), never on a read path. */
  async count(orgId: string): Promise<number> {
    return (await this.list(orgId)).length;
  }

  async findById(orgId: string, id: string): Promise<RadSet | null> {
    const set = await this.sets.findOne(radSetFilter(id)).lean<RadSet>().exec();
    return set?.orgId === orgId ? set : null;
  }

  async findCreatedBy(orgId: string, messageId: string): Promise<RadSet | null> {
    return (await this.list(orgId)).find((set) => set.createdByMessage === messageId) ?? null;
  }

  /** Whether another set of the org (than `exceptId`) has this name key. */
  async nameTaken(orgId: string, nameKey: string, exceptId: string): Promise<boolean> {
    return (await this.list(orgId)).some((set) => set.nameKey === nameKey && set._id !== exceptId);
  }

  /** false when the org already has a set of that name. */
  async insert(set: RadSet): Promise<boolean> {
    await this.list(set.orgId); // the org's index exists before an id is added to it
    await this.changeIndex(set.orgId, { $addToSet: { ids: set._id } });
    try {
      await this.sets.create(set);
      return true;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      await this.changeIndex(set.orgId, { $pull: { ids: set._id } });
      return false;
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
    if (!(await this.findById(orgId, id))) return 'missing';
    try {
      const updated = await this.sets
        .findOneAndUpdate(radSetFilter(id), { $set: changes }, { returnDocument: 'after' })
        .lean<RadSet>()
        .exec();
      return updated ?? 'missing';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  /** The deleted set, or null when the org has none with this id. */
  async delete(orgId: string, id: string): Promise<RadSet | null> {
    if (!(await this.findById(orgId, id))) return null;
    const deleted = await this.sets.findOneAndDelete(radSetFilter(id)).lean<RadSet>().exec();
    if (deleted) await this.changeIndex(orgId, { $pull: { ids: id } });
    return deleted;
  }

  /**
   * An org without an index (one whose sets predate indexes, or a new one) is read once by
   * `orgId` and gets one, empty or not: the only query here over every org's sets, once per org.
   */
  private async indexOnce(orgId: string): Promise<RadSet[]> {
    const sets = await this.sets.find({ orgId }).sort({ nameKey: 1 }).lean<RadSet[]>().exec();
    await this.changeIndex(orgId, { $addToSet: { ids: { $each: sets.map((set) => set._id) } } });
    return sets;
  }

  /**
   * One change of an org's index by `_id`, one writer at a time: FerretDB applies an update as
   * a read then a write, so two concurrent `$addToSet`s could keep only one of the ids.
   */
  private changeIndex(orgId: string, change: Record<string, unknown>): Promise<void> {
    return this.locks.withLock(
      `rad-set-index:${orgId}`,
      MONGO_WORK_LOCK_TTL_MS,
      INDEX_LOCK_WAIT_MS,
      async (lease) => {
        await lease.confirm();
        await this.indexes.updateOne(radSetIndexFilter(orgId), change, { upsert: true }).exec();
      },
    );
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
