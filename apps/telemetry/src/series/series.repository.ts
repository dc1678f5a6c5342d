import { bulkUpdate } from '@vantage/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { SeriesSource } from '@vantage/contracts';
import { type Model, mongo } from 'mongoose';
import { SeriesEntry } from './series.schema';
import { catalogueDocId } from './series-identity';
import { SeriesIndexRepository } from './series-index.repository';

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

/**
 * The only place that touches the series catalogue collection. An entry is read by `_id`;
 * listings, counts and existence checks read the organisation's index documents
 * (SeriesIndexRepository), kept here with every write, so none of them filters the collection.
 */
@Injectable()
export class SeriesRepository {
  private readonly collection: mongo.Collection<SeriesEntry>;

  constructor(
    @InjectModel(SeriesEntry.name) model: Model<SeriesEntry>,
    private readonly index: SeriesIndexRepository,
  ) {
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
    await this.recordInIndex(docs, new Set(existing), now);
    const widen = existing
      .map((index) => docs[index] as SeriesEntry)
      .filter((doc) => doc.firstTimestamp !== null && doc.lastTimestamp !== null);
    if (widen.length === 0) return;
    await bulkUpdate(this.collection, widen.map(entryWidening));
    await bulkUpdate(
      this.collection,
      widen.filter((doc) => !firstTimestampStored.has(doc.seriesId)).map(firstTimestampFix),
    );
  }

  /** Enters the batch's series in their organisations' index documents. */
  private async recordInIndex(
    docs: readonly SeriesEntry[],
    existing: ReadonlySet<number>,
    now: Date,
  ): Promise<void> {
    const byOrg = new Map<string, { entry: SeriesEntry; isNew: boolean }[]>();
    docs.forEach((entry, index) => {
      const sightings = byOrg.get(entry.orgId) ?? [];
      sightings.push({ entry, isNew: !existing.has(index) });
      byOrg.set(entry.orgId, sightings);
    });
    for (const [orgId, sightings] of byOrg) await this.index.record(orgId, sightings, now);
  }

  async get(orgId: string, seriesId: string): Promise<SeriesEntry | undefined> {
    const doc = await this.collection.findOne({ _id: catalogueDocId(orgId, seriesId) });
    return doc ?? undefined;
  }

  /** Which of these series ids the org has. */
  async existing(orgId: string, seriesIds: readonly string[]): Promise<Set<string>> {
    if (seriesIds.length === 0) return new Set();
    const known = new Set((await this.index.read(orgId)).map((entry) => entry.seriesId));
    return new Set(seriesIds.filter((seriesId) => known.has(seriesId)));
  }

  async count(orgId: string): Promise<number> {
    return (await this.index.read(orgId)).length;
  }

  /** A page by name then id. */
  async list(query: CatalogueListQuery): Promise<SeriesEntry[]> {
    const { source, namePrefix, after } = query;
    return (await this.index.read(query.orgId))
      .filter(
        (entry) =>
          (!source || entry.source === source) &&
          (!namePrefix || entry.name.startsWith(namePrefix)) &&
          (!after ||
            entry.name > after.name ||
            (entry.name === after.name && entry.seriesId > after.seriesId)),
      )
      .sort((a, b) => compare(a.name, b.name) || compare(a.seriesId, b.seriesId))
      .slice(0, query.limit);
  }

  /** The org's series whose last valid sample is at or after `sinceMs`, at most `limit`. */
  async activeSince(orgId: string, sinceMs: number, limit: number): Promise<SeriesEntry[]> {
    return (await this.index.read(orgId))
      .filter((entry) => entry.lastTimestamp !== null && entry.lastTimestamp >= sinceMs)
      .sort((a, b) => (b.lastTimestamp ?? 0) - (a.lastTimestamp ?? 0))
      .slice(0, limit);
  }

  /**
   * Series of every org with a sample at or after `sinceMs`, by catalogue id after `afterId`:
   * the registry of orgs, then each org's index, all read by `_id`.
   */
  async activeAcrossOrgsSince(
    sinceMs: number,
    afterId: string | null,
    limit: number,
  ): Promise<SeriesEntry[]> {
    const afterOrg = afterId === null ? null : afterId.slice(0, afterId.indexOf('/'));
    const found: SeriesEntry[] = [];
    for (const orgId of await this.index.orgIds()) {
      if (afterOrg !== null && orgId < afterOrg) continue;
      const active = (await this.index.read(orgId))
        .filter(
          (entry) =>
            entry.lastTimestamp !== null &&
            entry.lastTimestamp >= sinceMs &&
            (afterId === null || entry._id > afterId),
        )
        .sort((a, b) => compare(a._id, b._id));
      found.push(...active.slice(0, limit - found.length));
      if (found.length >= limit) break;
    }
    return found;
  }
}

/** The write that widens a known entry's timestamps, by `_id` alone. */
export function entryWidening(doc: SeriesEntry): {
  filter: mongo.Filter<SeriesEntry>;
  update: mongo.UpdateFilter<SeriesEntry>;
} {
  return {
    filter: { _id: doc._id },
    update: {
      $min: { firstTimestamp: doc.firstTimestamp },
      $max: { lastTimestamp: doc.lastTimestamp },
    },
  };
}

/**
 * $min/$max against a stored null: null sorts lowest, so $max took the value and $min kept
 * null. Series first seen with only invalid samples get their first timestamp here, only while
 * it is null (an atomic guard: `_id` and one equality, pushed down on FerretDB's PostgreSQL
 * backend, not on SQLite, hence skipped for series known to have one already).
 */
export function firstTimestampFix(doc: SeriesEntry): {
  filter: mongo.Filter<SeriesEntry>;
  update: mongo.UpdateFilter<SeriesEntry>;
} {
  return {
    filter: { _id: doc._id, firstTimestamp: null },
    update: { $set: { firstTimestamp: doc.firstTimestamp } },
  };
}

/** Code unit order, as the store sorts strings. */
function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
