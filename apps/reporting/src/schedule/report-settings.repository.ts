import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import { ReportSettings } from './report-settings.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the report settings collection. */
@Injectable()
export class ReportSettingsRepository {
  constructor(@InjectModel(ReportSettings.name) private readonly settings: Model<ReportSettings>) {}

  find(orgId: string): Promise<ReportSettings | null> {
    return this.settings.findById(orgId).lean<ReportSettings>().exec();
  }

  /** Inserts unless the org has settings already (two replicas inserting agree). */
  async insertIfAbsent(settings: ReportSettings): Promise<void> {
    try {
      await this.settings.create(settings);
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code !== DUPLICATE_KEY) throw error;
    }
  }

  save(settings: ReportSettings): Promise<ReportSettings | null> {
    const { _id, ...fields } = settings;
    return this.settings
      .findOneAndUpdate({ _id }, { $set: fields }, { upsert: true, returnDocument: 'after' })
      .lean<ReportSettings>()
      .exec();
  }

  /** Changes the account name of an org that has settings; creates none. */
  async setAccountName(orgId: string, accountName: string): Promise<void> {
    await this.settings.updateOne({ _id: orgId }, { $set: { accountName } }).exec();
  }

  enabled(): Promise<ReportSettings[]> {
    return this.settings.find({ enabled: true }).sort({ _id: 1 }).lean<ReportSettings[]>().exec();
  }
}
