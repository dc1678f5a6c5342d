import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { Experiment } from './experiment.schema';

const DUPLICATE_KEY = 11000;

export type ExperimentChanges = Omit<
  Experiment,
  '_id' | 'orgId' | 'key' | 'createdAt' | 'createdByMessage'
>;

export function experimentDocumentId(orgId: string, key: string): string {
  return `${orgId}/${key}`;
}

/** The only place that touches the experiments collection. Every query is scoped by org. */
@Injectable()
export class ExperimentRepository {
  constructor(@InjectModel(Experiment.name) private readonly experiments: Model<Experiment>) {}

  list(orgId: string): Promise<Experiment[]> {
    return this.experiments.find({ orgId }).sort({ key: 1 }).lean<Experiment[]>().exec();
  }

  count(orgId: string): Promise<number> {
    return this.experiments.countDocuments({ orgId }).exec();
  }

  find(orgId: string, key: string): Promise<Experiment | null> {
    return this.experiments
      .findOne({ _id: experimentDocumentId(orgId, key), orgId })
      .lean<Experiment>()
      .exec();
  }

  /** false when the org already has an experiment with this key. */
  async insert(experiment: Experiment): Promise<boolean> {
    try {
      await this.experiments.create(experiment);
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  update(orgId: string, key: string, changes: ExperimentChanges): Promise<Experiment | null> {
    return this.experiments
      .findOneAndUpdate(
        { _id: experimentDocumentId(orgId, key), orgId },
        { $set: changes },
        { returnDocument: 'after' },
      )
      .lean<Experiment>()
      .exec();
  }

  delete(orgId: string, key: string): Promise<Experiment | null> {
    return this.experiments
      .findOneAndDelete({ _id: experimentDocumentId(orgId, key), orgId })
      .lean<Experiment>()
      .exec();
  }
}
