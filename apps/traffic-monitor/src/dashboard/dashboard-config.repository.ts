import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, trusted } from 'mongoose';
import { DashboardConfigVersion } from './dashboard-config.schema';

const DUPLICATE_KEY = 11000;

/** The only place that touches the dashboard config versions. */
@Injectable()
export class DashboardConfigRepository {
  constructor(
    @InjectModel(DashboardConfigVersion.name)
    private readonly versions: Model<DashboardConfigVersion>,
  ) {}

  latest(orgId: string): Promise<DashboardConfigVersion | null> {
    return this.versions
      .findOne({ orgId })
      .sort({ version: -1 })
      .lean<DashboardConfigVersion>()
      .exec();
  }

  byVersion(orgId: string, version: number): Promise<DashboardConfigVersion | null> {
    return this.versions.findOne({ orgId, version }).lean<DashboardConfigVersion>().exec();
  }

  byMessage(orgId: string, messageId: string): Promise<DashboardConfigVersion | null> {
    return this.versions.findOne({ orgId, messageId }).lean<DashboardConfigVersion>().exec();
  }

  /** Newest first. */
  history(orgId: string, limit: number, beforeVersion?: number): Promise<DashboardConfigVersion[]> {
    const filter =
      beforeVersion === undefined ? { orgId } : { orgId, version: trusted({ $lt: beforeVersion }) };
    return this.versions
      .find(filter)
      .sort({ version: -1 })
      .limit(limit)
      .lean<DashboardConfigVersion[]>()
      .exec();
  }

  /** false when that version number was taken first by another writer. */
  async append(entry: Omit<DashboardConfigVersion, '_id'>): Promise<boolean> {
    try {
      await this.versions.create({ _id: `${entry.orgId}:${entry.version}`, ...entry });
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }
}
