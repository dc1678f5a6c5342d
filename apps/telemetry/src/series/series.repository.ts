import { bulkUpdate } from '@vantage/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { SeriesSource } from '@vantage/contracts';
import { type Model, mongo } from 'mongoose';
import { SeriesEntry } from './series.schema';
import { catalogueDocId } from './series-identity';

/** A series as the catalogue is told of it by one batch. */
export type SeriesSighting = Omit<SeriesEntry, '_id' | 'createdAt'>;

const DUPLICATE_KEY = 11000;

export interface CatalogueListQuery {
  readonly orgId: string;
  readonly namePrefix?: string;
  readonly source?: SeriesSource;
  /** Entries after this (name, seriesId) position. */
  readonly after?: { readonly name: string; readonly seriesId: string };
  readonly limit: number;
}

/** The only place that touches the series catalogue collection. */
@Injectable()
export class SeriesRepository {
  private readonly collection: mongo.Collection<SeriesEntry>;

  constructor(@InjectModel(SeriesEntry.name) model: Model<SeriesEntry>) {
    this.collection = model.collection as unknown as mongo.Collection<SeriesEntry>;
  }

  /**
   * Records sightings: new series are inserted whole; known ones get their first and last
   * timestamps widened ($min/$max: any order of writers ends the same). Metadata of a known
   * series (kind, interval) is not changed by later sightings. `firstTimestampStored`: series
   * whose stored first timestamp is known not to be null.
   */
  async record(
    sightings: readonly SeriesSighting[],
    now: Date,
    firstTimestampStored: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    if (sightings.length === 0) return;
    const docs: SeriesEntry[] = sightings.map((sighting) => ({
      ...sighting,
      _id: catalogueDocId(sighting.orgId, sighting.seriesId),
      createdAt: now,
    }));
    let existing: number[] = [];
    try {
      await this.collection.insertMany(docs, { ordered: false });
    } catch (error) {
      if (!(error instanceof mongo.MongoBulkWriteError) || error.writeConcernError) throw error;
      const writeErrors = Array.isArray(error.writeErrors)
        ? error.writeErrors
        : [error.writeErrors];
      if (writeErrors.some((writeError) => writeError.code !== DUPLICATE_KEY)) throw error;
      existing = writeErrors.map((writeError) => writeError.index);
    }
    const widen = existing
      .map((index) => docs[index] as SeriesEntry)
      .filter((doc) => doc.firstTimestamp !== null && doc.lastTimestamp !== null);
    if (widen.length === 0) return;
    await bulkUpdate(
      this.collection,
      widen.map((doc) => ({
        filter: { _id: doc._id },
        update: {
          $min: { firstTimestamp: doc.firstTimestamp },
          $max: { lastTimestamp: doc.lastTimestamp },
        },
      })),
    );
    // $min/$max against a stored null: null sorts lowest, so $max took the value and $min kept
    // null. Series first seen with only invalid samples get their first timestamp here; not
    // those known to have one already (that filter is a whole-collection scan on FerretDB v1).
    await bulkUpdate(
      this.collection,
      widen
        .filter((doc) => !firstTimestampStored.has(doc.seriesId))
        .map((doc) => ({
          filter: { _id: doc._id, firstTimestamp: null },
          update: { $set: { firstTimestamp: doc.firstTimestamp } },
        })),
    );
  }

  async get(orgId: string, seriesId: string): Promise<SeriesEntry | undefined> {
    const doc = await this.collection.findOne({ _id: catalogueDocId(orgId, seriesId) });
    return doc ?? undefined;
  }

  /** Which of these series ids the org has. */
  async existing(orgId: string, seriesIds: readonly string[]): Promise<Set<string>> {
    if (seriesIds.length === 0) return new Set();
    const docs = await this.collection
      .find(
        { _id: { $in: seriesIds.map((seriesId) => catalogueDocId(orgId, seriesId)) } },
        { projection: { _id: 0, seriesId: 1 } },
      )
      .toArray();
    return new Set(docs.map((doc) => doc.seriesId));
  }

  count(orgId: string): Promise<number> {
    return this.collection.countDocuments({ orgId });
  }

  /** A page by name then id. */
  async list(query: CatalogueListQuery): Promise<SeriesEntry[]> {
    const conditions: mongo.Filter<SeriesEntry>[] = [{ orgId: query.orgId }];
    if (query.source) conditions.push({ source: query.source });
    if (query.namePrefix) {
      conditions.push({ name: { $regex: `^${escapeRegExp(query.namePrefix)}` } });
    }
    if (query.after) {
      const { name, seriesId } = query.after;
      conditions.push({ $or: [{ name: { $gt: name } }, { name, seriesId: { $gt: seriesId } }] });
    }
    return this.collection
      .find({ $and: conditions })
      .sort({ name: 1, seriesId: 1 })
      .limit(query.limit)
      .toArray();
  }

  /** The org's series whose last valid sample is at or after `sinceMs`, at most `limit`. */
  async activeSince(orgId: string, sinceMs: number, limit: number): Promise<SeriesEntry[]> {
    return this.collection
      .find({ orgId, lastTimestamp: { $gte: sinceMs } })
      .sort({ lastTimestamp: -1 })
      .limit(limit)
      .toArray();
  }

  /** Series of every org with a sample at or after `sinceMs`, by catalogue id after `afterId`. */
  async activeAcrossOrgsSince(
    sinceMs: number,
    afterId: string | null,
    limit: number,
  ): Promise<SeriesEntry[]> {
    return this.collection
      .find({
        lastTimestamp: { $gte: sinceMs },
        ...(afterId === null ? {} : { _id: { $gt: afterId } }),
      })
      .sort({ _id: 1 })
      .limit(limit)
      .toArray();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
