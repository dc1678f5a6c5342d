import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import { DetectorRecord } from './detector-state.schema';

/** The only place that touches telemetry_anomaly_detectors. */
@Injectable()
export class DetectorStateRepository {
  private readonly collection: mongo.Collection<DetectorRecord>;

  constructor(@InjectModel(DetectorRecord.name) model: Model<DetectorRecord>) {
    this.collection = model.collection as unknown as mongo.Collection<DetectorRecord>;
  }

  async get(orgId: string, seriesId: string): Promise<DetectorRecord | undefined> {
    return (await this.collection.findOne({ _id: detectorId(orgId, seriesId) })) ?? undefined;
  }

  /**
   * Saves the detector whole. Only the scan job writes (one replica per period), so a plain
   * replace is enough; the first save inserts (checked first: FerretDB errors on an upsert
   * that meets a unique key).
   */
  async save(record: Omit<DetectorRecord, '_id'>, existed: boolean): Promise<void> {
    const _id = detectorId(record.orgId, record.seriesId);
    if (existed) {
      await this.collection.replaceOne({ _id }, record);
    } else {
      await this.collection.insertOne({ _id, ...record });
    }
  }
}

function detectorId(orgId: string, seriesId: string): string {
  return `${orgId}/${seriesId}`;
}
