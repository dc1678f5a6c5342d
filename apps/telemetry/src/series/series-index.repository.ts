import { mapConcurrently } from '@vantage/service-runtime';
import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { createHash } from 'node:crypto';
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

/**
 * Index documents (parts) per organisation. FerretDB v1 re-encodes a whole document on every
 * update: on the shared store an update of 10 series cost ~7 ms plus ~0.1 ms per series the
 * document holds (50 series: 12 ms, 400: 50 ms, 1,600: 163 ms), so one document per org made
 * every write of a large org slow. A part holds ~1/8 of the org's series (a 1,600-series org:
 * ~200, ~28 ms per update, the parts written in parallel). Not more: a batch of k series
 * updates min(k, 8) parts and a read fetches every part, each paying the fixed cost.
 * Changing it moves series between parts: it needs a migration, not just a new value.
 */
export const SERIES_INDEX_PARTS = 8;

const PARTS = Array.from({ length: SERIES_INDEX_PARTS }, (_, part) => part);

/** The part of its org's index a series is in: a stable hash of the series id. */
export function seriesIndexPartOf(seriesId: string): number {
  return createHash('sha1').update(seriesId).digest().readUInt32BE(0) % SERIES_INDEX_PARTS;
}

/** The filter of every query on the index: one part of the organisation's index by `_id` alone. */
export function seriesIndexFilter(orgId: string, part: number): { _id: string } {
  return { _id: `${orgId}#${part}` };
}

/**
 * The organisation's whole index in one document, as versions before the parts wrote it (and
 * replicas of such a version still do during a rolling deploy): read by `_id` alone next to
 * the parts, folded into them and deleted (see SeriesIndexRepository.foldLegacy).
 */
export function legacySeriesIndexFilter(orgId: string): { _id: string } {
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
 * The per-organisation index of the series catalogue (series-index.schema.ts), in
 * SERIES_INDEX_PARTS documents per org, and the registry of the organisations that have one.
 * Reads and writes go by `_id` alone. An organisation whose entries predate the index has it
 * built once, from its entries, on its first read.
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
    const doc = await this.orgs.findOne({ _id: SERIES_ORGS_DOC_ID });
    return [...(doc?.orgIds ?? [])].sort();
  }

  /**
   * Every series of the organisation, as catalogue entries (in no particular order): its parts
   * and its legacy single document, each read by `_id`, in parallel. The index is complete when
   * every part is: each part is marked once it holds its share of the entries that predate the
   * index (a build, or a complete legacy document folded in).
   */
  async read(orgId: string): Promise<SeriesEntry[]> {
    const [legacy, parts] = await Promise.all([
      this.collection.findOne(legacySeriesIndexFilter(orgId)),
      this.readParts(orgId),
    ]);
    if (legacy) await this.foldLegacy(orgId, legacy);
    const current = legacy ? await this.readParts(orgId) : parts;
    if (current.every((part) => part?.complete)) return entriesOfParts(orgId, current);
    return this.build(orgId);
  }

  private readParts(orgId: string): Promise<(SeriesIndexDoc | null)[]> {
    return Promise.all(
      PARTS.map((part) => this.collection.findOne(seriesIndexFilter(orgId, part))),
    );
  }

  /**
   * Moves a legacy single document into the parts, then deletes it. The parts are written
   * first (idempotent $set/$min/$max: a crash or a second reader doing the same changes
   * nothing); the delete hands back what it removed, which is folded in again, so a sighting
   * a replica of the previous version wrote between the read and the delete is not lost. A
   * legacy `complete` marks every part complete; otherwise the parts decide, as for any org.
   * Read on every read, not only until the first fold: replicas of the previous version
   * write the document again during a rolling deploy (one more keyed read of a missing
   * document, against losing their new series from listings).
   */
  private async foldLegacy(orgId: string, legacy: SeriesIndexDoc): Promise<void> {
    await this.write(orgId, legacySightings(orgId, legacy), new Date(), legacy.complete === true);
    const removed = await this.collection.findOneAndDelete(legacySeriesIndexFilter(orgId));
    if (removed) {
      await this.write(
        orgId,
        legacySightings(orgId, removed),
        new Date(),
        removed.complete === true,
      );
    }
    await this.register(orgId);
  }

  /**
   * The one-off build for an organisation whose catalogue entries predate its index: its
   * entries are read once (the only query here that is not by `_id`), then every part is
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
    return entriesOfParts(orgId, await this.readParts(orgId));
  }

  /**
   * Enters sightings in their parts, the parts in parallel, SERIES_PER_UPDATE at a time per
   * part. With `complete`, every part gets at least one update (so a part without entries is
   * marked complete too), `complete` riding with its last one: an index whose build stopped
   * halfway has parts not complete and is built again on its next read.
   */
  private async write(
    orgId: string,
    sightings: readonly IndexedSighting[],
    now: Date,
    complete = false,
  ): Promise<void> {
    const byPart = new Map<number, IndexedSighting[]>(
      complete ? PARTS.map((part) => [part, []]) : [],
    );
    for (const sighting of sightings) {
      const part = seriesIndexPartOf(sighting.entry.seriesId);
      const inPart = byPart.get(part);
      if (inPart) inPart.push(sighting);
      else byPart.set(part, [sighting]);
    }
    await mapConcurrently([...byPart], SERIES_INDEX_PARTS, async ([part, inPart]) => {
      for (let at = 0; at === 0 || at < inPart.length; at += SERIES_PER_UPDATE) {
        const end = at + SERIES_PER_UPDATE;
        await upsertById(
          this.collection,
          seriesIndexFilter(orgId, part),
          seriesIndexUpdate(inPart.slice(at, end), now, complete && end >= inPart.length),
        );
      }
    });
  }

  /** Enters the org in the registry, once per replica ($addToSet: twice changes nothing). */
  private async register(orgId: string): Promise<void> {
    if (this.registered.has(orgId)) return;
    await upsertById(this.orgs, { _id: SERIES_ORGS_DOC_ID }, { $addToSet: { orgIds: orgId } });
    if (this.registered.size >= MAX_REGISTERED) this.registered.clear();
    this.registered.add(orgId);
  }
}

function entriesOfParts(orgId: string, parts: readonly (SeriesIndexDoc | null)[]): SeriesEntry[] {
  // A series id hashes to one part: the parts never hold the same series twice.
  return parts.flatMap((part) => (part ? entriesOf(orgId, part) : []));
}

/**
 * A legacy document's series as sightings. Only a series whose declared interval the document
 * holds is new: the others came from later sightings (of a replica of the previous version),
 * and a new sighting would set the part's interval to null.
 */
function legacySightings(orgId: string, doc: SeriesIndexDoc): IndexedSighting[] {
  return namedSeries(doc).map(([seriesId, indexed]) => ({
    entry: entryOf(orgId, seriesId, indexed),
    isNew: indexed.i !== undefined,
  }));
}

function entriesOf(orgId: string, doc: SeriesIndexDoc): SeriesEntry[] {
  return namedSeries(doc).map(([seriesId, indexed]) => entryOf(orgId, seriesId, indexed));
}

/**
 * The document's series but those whose first index write was lost: they have no name until
 * their next sighting.
 */
function namedSeries(doc: SeriesIndexDoc): [string, IndexedSeries][] {
  return Object.entries(doc.series ?? {}).filter(([, indexed]) => typeof indexed.n === 'string');
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
