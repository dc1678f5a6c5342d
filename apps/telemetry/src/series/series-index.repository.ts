import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, mongo } from 'mongoose';
import { upsertById } from './upsert-by-id';
import {
  type IndexedSeries,
  SERIES_ORGS_DOC_ID,
  SeriesIndexDoc,
  SeriesOrgsDoc,
} from './series-index.schema';
import { SeriesEntry } from './series.schema';

/** A catalogue entry as the index is told of it: whole when new, else only its timestamps. */
export interface IndexedSighting {
  readonly entry: SeriesEntry;
  readonly isNew: boolean;
}

/** The filter of every query on the index: the organisation's document by `_id` alone. */
export function seriesIndexFilter(orgId: string): { _id: string } {
  return { _id: orgId };
}

/**
 * The update that enters series and widens their timestamps ($min/$max, so writers in any
 * order, or twice, end the same; a null timestamp is left out, never stored). Name, labels,
 * kind and source follow from the series id, so they are set on every sighting: an entry whose
 * first index write was lost (a crash between the two writes) is whole again at its next one.
 * The declared interval is set by the first sighting only, as in the catalogue entry.
 */
export function seriesIndexUpdate(
  sightings: readonly IndexedSighting[],
  now: Date,
  complete = false,
): mongo.UpdateFilter<SeriesIndexDoc> {
  const $set: Record<string, unknown> = { updatedAt: now };
  if (complete) $set['complete'] = true;
  const $min: Record<string, number | Date> = {};
  const $max: Record<string, number> = {};
  for (const { entry, isNew } of sightings) {
    const path = `series.${entry.seriesId}`;
    Object.assign($set, {
      [`${path}.n`]: entry.name,
      [`${path}.b`]: entry.labels,
      [`${path}.k`]: entry.kind,
      [`${path}.s`]: entry.source,
    });
    if (isNew) $set[`${path}.i`] = entry.intervalMs ?? null;
    $min[`${path}.c`] = entry.createdAt;
    if (entry.firstTimestamp !== null && entry.firstTimestamp !== undefined) {
      const known = $min[`${path}.f`];
      $min[`${path}.f`] = Math.min(
        entry.firstTimestamp,
        typeof known === 'number' ? known : Infinity,
      );
    }
    if (entry.lastTimestamp !== null && entry.lastTimestamp !== undefined) {
      $max[`${path}.t`] = Math.max(entry.lastTimestamp, $max[`${path}.t`] ?? -Infinity);
    }
  }
  return {
    $set,
    ...(Object.keys($min).length > 0 ? { $min } : {}),
    ...(Object.keys($max).length > 0 ? { $max } : {}),
  } as mongo.UpdateFilter<SeriesIndexDoc>;
}

/** Organisations this replica knows are in the registry; past this it forgets and re-adds. */
const MAX_REGISTERED = 100_000;
/**
 * Series entered per update of an index document: FerretDB v1's cost for one update grows
 * faster than its field paths (760 series at once: 5 s, 100: 0.14 s).
 */
const SERIES_PER_UPDATE = 100;

/**
 * The per-organisation index of the series catalogue (series-index.schema.ts), and the
 * registry of the organisations that have one. Reads and writes go by `_id` alone. An
 * organisation whose entries predate the index has it built once, from its entries, on its
 * first read.
 */
@Injectable()
export class SeriesIndexRepository {
  private readonly collection: mongo.Collection<SeriesIndexDoc>;
  private readonly entries: mongo.Collection<SeriesEntry>;
  private readonly orgs: mongo.Collection<SeriesOrgsDoc>;
  private readonly registered = new Set<string>();

  constructor(
    @InjectModel(SeriesIndexDoc.name) model: Model<SeriesIndexDoc>,
    @InjectModel(SeriesEntry.name) entries: Model<SeriesEntry>,
    @InjectModel(SeriesOrgsDoc.name) orgs: Model<SeriesOrgsDoc>,
  ) {
    this.collection = model.collection as unknown as mongo.Collection<SeriesIndexDoc>;
    this.entries = entries.collection as unknown as mongo.Collection<SeriesEntry>;
    this.orgs = orgs.collection as unknown as mongo.Collection<SeriesOrgsDoc>;
  }

  async record(orgId: string, sightings: readonly IndexedSighting[], now: Date): Promise<void> {
    if (sightings.length === 0) return;
    await this.write(orgId, sightings, now);
    await this.register(orgId);
  }

  /** Every organisation with a series index, by id. */
  async orgIds(): Promise<string[]> {
    const doc = await this.orgs.findOne(seriesIndexFilter(SERIES_ORGS_DOC_ID));
    return [...(doc?.orgIds ?? [])].sort();
  }

  /** Every series of the organisation, as catalogue entries (in no particular order). */
  async read(orgId: string): Promise<SeriesEntry[]> {
    const doc = await this.collection.findOne(seriesIndexFilter(orgId));
    if (doc?.complete) return entriesOf(orgId, doc);
    return this.build(orgId);
  }

  /**
   * The one-off build for an organisation whose catalogue entries predate its index: its
   * entries are read once (the only query here that is not by `_id`), then the index is
   * complete and every later read is keyed.
   */
  private async build(orgId: string): Promise<SeriesEntry[]> {
    const entries = await this.entries.find({ orgId }).toArray();
    await this.write(
      orgId,
      entries.map((entry) => ({ entry, isNew: true })),
      new Date(),
      true,
    );
    await this.register(orgId);
    const doc = await this.collection.findOne(seriesIndexFilter(orgId));
    return doc ? entriesOf(orgId, doc) : [];
  }

  /**
   * Enters sightings SERIES_PER_UPDATE at a time (at least one update, so an org without
   * entries is marked complete too). `complete` rides with the last update: an index whose
   * build stopped halfway is built again on its next read.
   */
  private async write(
    orgId: string,
    sightings: readonly IndexedSighting[],
    now: Date,
    complete = false,
  ): Promise<void> {
    for (let at = 0; at === 0 || at < sightings.length; at += SERIES_PER_UPDATE) {
      const end = at + SERIES_PER_UPDATE;
      await upsertById(
        this.collection,
        seriesIndexFilter(orgId),
        seriesIndexUpdate(sightings.slice(at, end), now, complete && end >= sightings.length),
      );
    }
  }

  /** Enters the org in the registry, once per replica ($addToSet: twice changes nothing). */
  private async register(orgId: string): Promise<void> {
    if (this.registered.has(orgId)) return;
    await upsertById(this.orgs, seriesIndexFilter(SERIES_ORGS_DOC_ID), {
      $addToSet: { orgIds: orgId },
    });
    if (this.registered.size >= MAX_REGISTERED) this.registered.clear();
    this.registered.add(orgId);
  }
}

function entriesOf(orgId: string, doc: SeriesIndexDoc): SeriesEntry[] {
  return Object.entries(doc.series ?? {}).flatMap(([seriesId, indexed]) =>
    // An entry whose first index write was lost has no name until its next sighting.
    typeof indexed.n === 'string' ? [entryOf(orgId, seriesId, indexed)] : [],
  );
}

function entryOf(orgId: string, seriesId: string, indexed: IndexedSeries): SeriesEntry {
  return {
    _id: `${orgId}/${seriesId}`,
    orgId,
    seriesId,
    name: indexed.n,
    labels: indexed.b ?? {},
    kind: indexed.k,
    source: indexed.s,
    intervalMs: indexed.i ?? null,
    firstTimestamp: indexed.f ?? null,
    lastTimestamp: indexed.t ?? null,
    createdAt: indexed.c,
  };
}
