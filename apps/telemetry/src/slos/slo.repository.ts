import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { BurnRateRuleName } from '@vantage/contracts';
import { type Model, trusted } from 'mongoose';
import { Slo } from './slo.schema';

export type SloChanges = Partial<
  Pick<Slo, 'name' | 'target' | 'windowDays' | 'thresholdMs' | 'percentile'>
>;

/** The only place that touches the `slos` collection. Every tenant query is scoped by org. */
@Injectable()
export class SloRepository {
  constructor(@InjectModel(Slo.name) private readonly slos: Model<Slo>) {}

  list(orgId: string): Promise<Slo[]> {
    return this.slos.find({ orgId }).sort({ name: 1, _id: 1 }).lean<Slo[]>().exec();
  }

  count(orgId: string): Promise<number> {
    return this.slos.countDocuments({ orgId }).exec();
  }

  findById(orgId: string, id: string): Promise<Slo | null> {
    return this.slos.findOne({ _id: id, orgId }).lean<Slo>().exec();
  }

  findCreatedBy(orgId: string, messageId: string): Promise<Slo | null> {
    return this.slos.findOne({ orgId, createdByMessage: messageId }).lean<Slo>().exec();
  }

  async insert(slo: Slo): Promise<void> {
    await this.slos.create(slo);
  }

  update(orgId: string, id: string, changes: SloChanges, now: Date): Promise<Slo | null> {
    return this.slos
      .findOneAndUpdate(
        { _id: id, orgId },
        { $set: { ...changes, updatedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<Slo>()
      .exec();
  }

  delete(orgId: string, id: string): Promise<Slo | null> {
    return this.slos.findOneAndDelete({ _id: id, orgId }).lean<Slo>().exec();
  }

  /** Every org's SLOs after `afterId`, by id, a page at a time (the evaluator's sweep). */
  page(afterId: string | null, limit: number): Promise<Slo[]> {
    const filter = afterId === null ? {} : { _id: trusted({ $gt: afterId }) };
    return this.slos.find(filter).sort({ _id: 1 }).limit(limit).lean<Slo[]>().exec();
  }

  async setFiring(orgId: string, id: string, rules: readonly BurnRateRuleName[]): Promise<void> {
    await this.slos.updateOne({ _id: id, orgId }, { $set: { firingRules: [...rules] } }).exec();
  }
}
