import { Injectable } from '@nestjs/common';
import {
  NotFoundError,
  type SeriesDto,
  type SeriesKind,
  type SeriesListDto,
  type SeriesListQueryDto,
  type SeriesSource,
  STORED_SERIES_ID_PATTERN,
  ValidationFailedError,
} from '@vantage/contracts';
import { SeriesEntry } from './series.schema';
import { type SeriesSighting, SeriesRepository } from './series.repository';

/** Everything the catalogue records about a series when a batch mentions it. */
export interface SeriesMeta {
  readonly seriesId: string;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly kind: SeriesKind;
  readonly source: SeriesSource;
  readonly intervalMs: number | null;
}

/**
 * How far a catalogue entry's last timestamp may lag its data, by source: it is refreshed at
 * most this often per series and replica. Golden signals bring every series of every replica
 * each interval; refreshing those entries every minute was most of telemetry's writes to the
 * store (one per series and replica a minute), and only listings and the anomaly scan's skip
 * read them.
 */
export const CATALOGUE_LAG_MS: Readonly<Record<SeriesSource, number>> = {
  samples: 60_000,
  traffic: 60_000,
  'golden-signals': 10 * 60_000,
};
/** Known series remembered per replica; past this the memory is cleared and rebuilt. */
const MAX_REMEMBERED = 100_000;
export const DEFAULT_LIMIT = 100;

/** What a replica knows is stored of a series. */
export interface Remembered {
  firstTimestamp: number | null;
  lastTimestamp: number | null;
}

/**
 * The series catalogue of each org. Writers tell it which series a batch touched and over which
 * timestamps; it writes only what changes the entry noticeably (a new series, an earlier first
 * sample, a last sample a minute newer), so a series reported every 10 s does not cost a
 * catalogue write every 10 s. Hence `lastTimestamp` is up to CATALOGUE_LAG_MS behind (a minute;
 * ten for golden signals); quality reads the exact one from the points.
 */
@Injectable()
export class SeriesCatalogue {
  private readonly remembered = new Map<string, Remembered>();

  constructor(private readonly repository: SeriesRepository) {}

  async record(
    orgId: string,
    sightings: readonly { meta: SeriesMeta; firstMs: number | null; lastMs: number | null }[],
    now = new Date(),
  ): Promise<void> {
    const changed: SeriesSighting[] = [];
    const firstTimestampStored = new Set<string>();
    for (const { meta, firstMs, lastMs } of sightings) {
      const key = `${orgId}/${meta.seriesId}`;
      const known = this.remembered.get(key);
      if (!addsNews(known, firstMs, lastMs, CATALOGUE_LAG_MS[meta.source])) continue;
      // A stored first timestamp is never set back to null.
      if (known !== undefined && known.firstTimestamp !== null) {
        firstTimestampStored.add(meta.seriesId);
      }
      changed.push({
        orgId,
        ...meta,
        labels: { ...meta.labels },
        firstTimestamp: firstMs,
        lastTimestamp: lastMs,
      });
    }
    if (changed.length === 0) return;
    await this.repository.record(changed, now, firstTimestampStored);
    if (this.remembered.size + changed.length > MAX_REMEMBERED) this.remembered.clear();
    for (const sighting of changed) {
      const key = `${orgId}/${sighting.seriesId}`;
      const known = this.remembered.get(key);
      this.remembered.set(key, {
        firstTimestamp: minOf(known?.firstTimestamp ?? null, sighting.firstTimestamp),
        lastTimestamp: maxOf(known?.lastTimestamp ?? null, sighting.lastTimestamp),
      });
    }
  }

  /** Series ids of the list the org does not have yet. */
  async unknown(orgId: string, seriesIds: readonly string[]): Promise<string[]> {
    const unremembered = seriesIds.filter((id) => !this.remembered.has(`${orgId}/${id}`));
    const existing = await this.repository.existing(orgId, unremembered);
    return unremembered.filter((id) => !existing.has(id));
  }

  count(orgId: string): Promise<number> {
    return this.repository.count(orgId);
  }

  /** A stored series of the org; NotFoundError for anything else, another org's included. */
  async get(orgId: string, seriesId: string): Promise<SeriesEntry> {
    const entry = STORED_SERIES_ID_PATTERN.test(seriesId)
      ? await this.repository.get(orgId, seriesId)
      : undefined;
    if (!entry) throw new NotFoundError('no such series');
    return entry;
  }

  async list(orgId: string, query: SeriesListQueryDto): Promise<SeriesListDto> {
    const limit = query.limit ?? DEFAULT_LIMIT;
    const after = query.after ? decodeCursor(query.after) : undefined;
    const entries = await this.repository.list({
      orgId,
      limit: limit + 1,
      ...(query.namePrefix ? { namePrefix: query.namePrefix } : {}),
      ...(query.source ? { source: query.source } : {}),
      ...(after ? { after } : {}),
    });
    const page = entries.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toSeriesDto),
      next: entries.length > limit && last ? encodeCursor(last.name, last.seriesId) : null,
    };
  }

  activeSince(orgId: string, sinceMs: number, limit: number): Promise<SeriesEntry[]> {
    return this.repository.activeSince(orgId, sinceMs, limit);
  }
}

export function toSeriesDto(entry: SeriesEntry): SeriesDto {
  const iso = (ms: number | null): string | null =>
    ms === null ? null : new Date(ms).toISOString();
  return {
    id: entry.seriesId,
    name: entry.name,
    labels: entry.labels,
    kind: entry.kind,
    source: entry.source,
    intervalMs: entry.intervalMs ?? null,
    firstTimestamp: iso(entry.firstTimestamp ?? null),
    lastTimestamp: iso(entry.lastTimestamp ?? null),
    createdAt: entry.createdAt.toISOString(),
  };
}

export function encodeCursor(name: string, seriesId: string): string {
  return Buffer.from(JSON.stringify([name, seriesId])).toString('base64url');
}

/** A cursor that does not decode is a bad request, not a 500. */
export function decodeCursor(cursor: string): { name: string; seriesId: string } {
  try {
    const decoded: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(decoded) &&
      typeof decoded[0] === 'string' &&
      typeof decoded[1] === 'string'
    ) {
      return { name: decoded[0], seriesId: decoded[1] };
    }
  } catch {
    // falls through to the validation error
  }
  throw invalidCursor();
}

function invalidCursor(): ValidationFailedError {
  const message = 'after must be the `next` of a previous page';
  return new ValidationFailedError(message, [{ field: 'after', message }]);
}

/** Whether a sighting changes the entry enough to write: new, earlier, or `lagMs` newer. */
export function addsNews(
  known: Remembered | undefined,
  firstMs: number | null,
  lastMs: number | null,
  lagMs: number,
): boolean {
  if (!known) return true;
  if (firstMs === null || lastMs === null) return false;
  if (known.firstTimestamp === null || known.lastTimestamp === null) return true;
  return firstMs < known.firstTimestamp || lastMs >= known.lastTimestamp + lagMs;
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function maxOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}
