import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { GoldenSignalsReportedEvent } from '@vantage/contracts';
import { type Model, mongo } from 'mongoose';
import { StagedGoldenSignals } from './golden-signal-reports.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the staged golden-signals reports. */
@Injectable()
export class GoldenSignalReportsRepository {
  private readonly collection: mongo.Collection<StagedGoldenSignals>;

  constructor(@InjectModel(StagedGoldenSignals.name) model: Model<StagedGoldenSignals>) {
    // The driver's collection: a report is stored as received, with nothing for mongoose to cast.
    this.collection = model.collection as unknown as mongo.Collection<StagedGoldenSignals>;
  }

  /**
   * Stages one report under its batch id: one insert, whose cost does not grow with the points
   * stored. A report staged already (delivered again) is left as it is.
   */
  async stage(batchId: string, minute: number, report: GoldenSignalsReportedEvent): Promise<void> {
    try {
      await this.collection.insertOne({ _id: batchId, minute, report });
    } catch (error) {
      if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) return;
      throw error;
    }
  }

  /**
   * Every staged report. A whole read on purpose: the collection holds only what is not folded
   * yet, and any filter but `_id` would read it whole on FerretDB anyway.
   */
  async staged(): Promise<StagedGoldenSignals[]> {
    return this.collection.find({}).toArray();
  }

  /** Removes folded reports, each by its `_id` (see removalsOf), in one command. */
  async remove(batchIds: readonly string[]): Promise<void> {
    if (batchIds.length === 0) return;
    await this.collection.bulkWrite(
      removalsOf(batchIds).map((filter) => ({ deleteOne: { filter } })),
      { ordered: false },
    );
  }
}

/**
 * The filters removal sends: `_id` alone, the one filter FerretDB v1 looks up by key
 * (`{_id: {$in}}` it answers by reading the whole collection).
 */
export function removalsOf(batchIds: readonly string[]): { _id: string }[] {
  return batchIds.map((_id) => ({ _id }));
}
