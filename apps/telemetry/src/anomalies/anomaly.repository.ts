import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { AnomalyStatus } from '@vantage/contracts';
import { type Model, mongo } from 'mongoose';
import { Anomaly } from './anomaly.schema';

const DUPLICATE_KEY = 11000;

export interface AnomalyListQuery {
  readonly orgId: string;
  readonly seriesId?: string;
  readonly statuses?: readonly AnomalyStatus[];
  readonly fromMs?: number;
  readonly toMs?: number;
  readonly minScore?: number;
  /** Entries after this (timestamp desc, id desc) position. */
  readonly after?: { readonly timestamp: number; readonly id: string };
  readonly limit: number;
}

/** The only place that touches telemetry_anomalies. */
@Injectable()
export class AnomalyRepository {
  private readonly collection: mongo.Collection<Anomaly>;

  constructor(@InjectModel(Anomaly.name) model: Model<Anomaly>) {
    this.collection = model.collection as unknown as mongo.Collection<Anomaly>;
  }

  /** Stores the anomaly; false when this point was stored before (a rescan). */
  async insert(anomaly: Anomaly): Promise<boolean> {
    try {
      await this.collection.insertOne(anomaly);
      return true;
    } catch (error) {
      if (error instanceof mongo.MongoServerError && error.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  async get(orgId: string, id: string): Promise<Anomaly | undefined> {
    return (await this.collection.findOne({ _id: id, orgId })) ?? undefined;
  }

  async list(query: AnomalyListQuery): Promise<Anomaly[]> {
    const timestamp: Record<string, number> = {};
    if (query.fromMs !== undefined) timestamp['$gte'] = query.fromMs;
    if (query.toMs !== undefined) timestamp['$lt'] = query.toMs;
    const filter: mongo.Filter<Anomaly> = {
      orgId: query.orgId,
      ...(query.seriesId === undefined ? {} : { seriesId: query.seriesId }),
      ...(query.statuses === undefined ? {} : { status: { $in: [...query.statuses] } }),
      ...(query.minScore === undefined ? {} : { score: { $gte: query.minScore } }),
      ...(Object.keys(timestamp).length === 0 ? {} : { timestamp }),
    };
    const after = query.after;
    const page =
      after === undefined
        ? filter
        : {
            $and: [
              filter,
              {
                $or: [
                  { timestamp: { $lt: after.timestamp } },
                  { timestamp: after.timestamp, _id: { $lt: after.id } },
                ],
              },
            ],
          };
    return this.collection.find(page).sort({ timestamp: -1, _id: -1 }).limit(query.limit).toArray();
  }

  /** Acknowledges an open anomaly; answers it as stored afterwards (undefined: not the org's). */
  async acknowledge(orgId: string, id: string, by: string, at: Date): Promise<Anomaly | undefined> {
    await this.collection.updateOne(
      { _id: id, orgId, status: 'open' },
      { $set: { status: 'acknowledged', acknowledgedAt: at, acknowledgedBy: by } },
    );
    return this.get(orgId, id);
  }
}
