import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { SavedFormulaSort } from '@vantage/contracts';
import { type Model, type SortOrder, trusted } from 'mongoose';
import { SavedFormula } from './saved-formula.schema';

const DUPLICATE_KEY = 11000;

/** The editable fields of a saved formula. */
export type SavedFormulaChanges = Pick<
  SavedFormula,
  'name' | 'nameKey' | 'description' | 'expression' | 'updatedBy' | 'updatedAt'
>;

export interface SavedFormulaPage {
  readonly items: SavedFormula[];
  readonly total: number;
}

/** The only place that touches the saved-formula collection. Every query is scoped by org. */
@Injectable()
export class SavedFormulaRepository {
  constructor(@InjectModel(SavedFormula.name) private readonly formulas: Model<SavedFormula>) {}

  async page(
    orgId: string,
    sort: SavedFormulaSort,
    skip: number,
    limit: number,
  ): Promise<SavedFormulaPage> {
    // _id last: a stable order across pages when names or times are equal.
    const order: Record<string, SortOrder> =
      sort === 'name' ? { nameKey: 1, _id: 1 } : { updatedAt: -1, _id: 1 };
    const [items, total] = await Promise.all([
      this.formulas
        .find({ orgId })
        .sort(order)
        .skip(skip)
        .limit(limit)
        .lean<SavedFormula[]>()
        .exec(),
      this.count(orgId),
    ]);
    return { items, total };
  }

  count(orgId: string): Promise<number> {
    return this.formulas.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<SavedFormula | null> {
    return this.formulas.findOne({ _id: id, orgId }).lean<SavedFormula>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<SavedFormula | null> {
    return this.formulas
      .findOne({ orgId, createdByMessage: messageId })
      .lean<SavedFormula>()
      .exec();
  }

  /** Whether a formula of the org other than `exceptId` has this name key. */
  async nameTaken(orgId: string, nameKey: string, exceptId?: string): Promise<boolean> {
    const filter = exceptId
      ? { orgId, nameKey, _id: trusted({ $ne: exceptId }) }
      : { orgId, nameKey };
    return (await this.formulas.exists(filter)) !== null;
  }

  /** false when the org already has a formula of that name (the unique index settles a race). */
  async insert(formula: SavedFormula): Promise<boolean> {
    try {
      await this.formulas.create(formula);
      return true;
    } catch (error) {
      if (isDuplicateKey(error)) return false;
      throw error;
    }
  }

  /**
   * 'missing' when the org has no such formula, 'duplicate' when the new name is taken.
   * (FerretDB reports a unique-index violation on update as an internal error, not 11000:
   * callers check `nameTaken` first, and the index only settles a race.)
   */
  async update(
    orgId: string,
    id: string,
    changes: SavedFormulaChanges,
  ): Promise<SavedFormula | 'missing' | 'duplicate'> {
    try {
      const updated = await this.formulas
        .findOneAndUpdate({ _id: id, orgId }, { $set: changes }, { returnDocument: 'after' })
        .lean<SavedFormula>()
        .exec();
      return updated ?? 'missing';
    } catch (error) {
      if (isDuplicateKey(error)) return 'duplicate';
      throw error;
    }
  }

  /** The deleted formula, or null when the org has none with this id. */
  delete(orgId: string, id: string): Promise<SavedFormula | null> {
    return this.formulas.findOneAndDelete({ _id: id, orgId }).lean<SavedFormula>().exec();
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
