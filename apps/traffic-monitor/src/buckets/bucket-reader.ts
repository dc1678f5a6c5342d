import { Injectable } from '@nestjs/common';
import { BucketRepository } from './bucket.repository';
import { seriesFilter } from './bucket-filter';
import {
  BucketQuery,
  BucketResolution,
  BucketRow,
  DimensionKey,
  EventTotal,
  GroupTotal,
  MAX_BUCKET_ROWS,
  RESOLUTION_MS,
  SeriesOptions,
  SeriesPoint,
} from './bucket-query';
import { alignDown, assertRowBudget } from './bucket-time';
import { OrgTotalsRepository } from './org-totals/org-totals.repository';
import { PendingBucketStore } from './pending/pending-bucket.store';
import { parseSeriesKey, Series, seriesKey } from './series-key';

/**
 * Read side of the stored traffic counts: the only way other modules see ingested events.
 * Import `BucketsModule` and inject `BucketReader`.
 *
 * What a read sees: every event whose batch was answered 202 before the read started, at all
 * three resolutions, exactly once. Counts not yet flushed to MongoDB (the open minute, hour and
 * day, and anything in the middle of a flush) are read from Redis and added here; the flush ids
 * recorded on each bucket tell which pending counts a bucket already holds.
 *
 * Cost: MongoDB gets `orgId` + `start` range (+ `eventId`) queries, served by the
 * {orgId, start} and {orgId, eventId, start} indexes (on MongoDB; FerretDB v1 scans, fine at
 * test sizes); a glob with a literal prefix becomes an anchored regex. Redis gets one ZRANGE and
 * one MULTI of HGETALLs over the org's open buckets in range. Sums run here, not in `$group`
 * (FerretDB's `$group` has gaps). Pick the coarsest resolution that answers the question: a
 * 20-day baseline is 20 day rows per series, not 28,800 minute rows.
 *
 * Examples:
 *   // every minute row of one event in the last hour
 *   reader.read({ orgId, resolution: 'minute', from: hourAgo, to: now, eventIds: ['a.b.click'] })
 *   // daily totals per event id of a RAD set's glob over the last 21 days
 *   reader.totalsByEventId({ orgId, resolution: 'day', from, to, eventIdGlob: 'pandc.*.feed*' })
 *   // per-variant totals of one experiment
 *   reader.totalsBy({ orgId, resolution: 'hour', from, to, dimensions: { experiment: 'x' } }, ['variant'])
 *   // a zero-filled hourly series of one event, summed over its dimension sets
 *   reader.series({ orgId, resolution: 'hour', from, to, eventIds: ['a.b.click'] })
 */
@Injectable()
export class BucketReader {
  constructor(
    private readonly repository: BucketRepository,
    private readonly pending: PendingBucketStore,
    private readonly orgTotals: OrgTotalsRepository,
  ) {}

  /**
   * Every event id's count per bucket start in [from, to), summed over its dimension sets, for
   * a whole organisation (what health judges). Read from the per-org totals documents by `_id`
   * (one per bucket start in range) with the pending counts of Redis overlaid, never from the
   * bucket collections: its cost depends on the range, not on how much history is stored.
   * An event id may come in several rows for one start (stored and pending): callers sum.
   */
  async orgCounts(query: OrgCountsQuery): Promise<EventCount[]> {
    const step = RESOLUTION_MS[query.resolution];
    const fromMs = query.from.getTime();
    const toMs = query.to.getTime();
    const starts: number[] = [];
    for (let at = alignDown(fromMs + step - 1, step); at < toMs; at += step) starts.push(at);
    assertRowBudget(starts.length, MAX_KEYED_BUCKETS);
    if (starts.length === 0) return [];
    // Redis FIRST, as in forEachRow: a flush finishing in between is found in the documents.
    const pending = await this.pending.snapshot(query.orgId, query.resolution, fromMs, toMs);
    const stored = await this.orgTotals.read(query.orgId, query.resolution, starts);
    const rows: EventCount[] = [];
    const held = new Map<number, ReadonlySet<string>>();
    for (const bucket of stored) {
      held.set(bucket.startMs, bucket.flushes);
      const start = new Date(bucket.startMs);
      for (const [eventId, count] of bucket.counts) rows.push({ eventId, start, count });
    }
    for (const part of pending) {
      if (held.get(part.startMs)?.has(part.flushId)) continue;
      const start = new Date(part.startMs);
      const sums = new Map<string, number>();
      for (const [key, count] of part.counts) {
        const { eventId } = parseSeriesKey(key);
        sums.set(eventId, (sums.get(eventId) ?? 0) + count);
      }
      for (const [eventId, count] of sums) rows.push({ eventId, start, count });
    }
    return rows;
  }

  /**
   * Every bucket matching the query, one row per (event id, dimension set, start), ordered by
   * start then event id. Throws ValidationFailedError beyond MAX_BUCKET_ROWS rows.
   */
  async read(query: BucketQuery): Promise<BucketRow[]> {
    const rows: BucketRow[] = [];
    await this.forEachRow(query, (row) => {
      rows.push(row);
      assertRowBudget(rows.length, MAX_BUCKET_ROWS);
    });
    return rows.sort(
      (a, b) =>
        a.start.getTime() - b.start.getTime() ||
        (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0),
    );
  }

  /** Sum per event id over the range and all dimension sets, largest first. */
  async totalsByEventId(query: BucketQuery): Promise<EventTotal[]> {
    const totals = new Map<string, number>();
    await this.forEachRow(query, (row) => {
      totals.set(row.eventId, (totals.get(row.eventId) ?? 0) + row.count);
    });
    return [...totals]
      .map(([eventId, count]) => ({ eventId, count }))
      .sort((a, b) => b.count - a.count || (a.eventId < b.eventId ? -1 : 1));
  }

  /**
   * Sum per combination of the given keys (`eventId` and/or dimension keys), largest first.
   * A row without a grouped dimension groups under a key without that property.
   * `totalsBy(q, [])` is the grand total (one group, or none when nothing matched).
   */
  async totalsBy(
    query: BucketQuery,
    by: readonly (DimensionKey | 'eventId')[],
  ): Promise<GroupTotal[]> {
    const groups = new Map<string, GroupTotal>();
    await this.forEachRow(query, (row) => {
      const key: Partial<Record<DimensionKey | 'eventId', string>> = {};
      for (const name of by) {
        const value = name === 'eventId' ? row.eventId : row.dimensions[name];
        if (value !== undefined) key[name] = value;
      }
      const id = JSON.stringify(by.map((name) => key[name] ?? null));
      groups.set(id, { key, count: (groups.get(id)?.count ?? 0) + row.count });
    });
    return [...groups.values()].sort((a, b) => b.count - a.count);
  }

  /**
   * One point per bucket start, summing every matching row (all event ids and dimension sets
   * the filters let through). With `fill` (default) every bucket in [from, to) is present.
   */
  async series(query: BucketQuery, options: SeriesOptions = {}): Promise<SeriesPoint[]> {
    const step = RESOLUTION_MS[query.resolution];
    const fromMs = query.from.getTime();
    const toMs = query.to.getTime();
    const firstStart = alignDown(fromMs, step) < fromMs ? alignDown(fromMs, step) + step : fromMs;
    if (options.fill !== false) {
      assertRowBudget(Math.ceil((toMs - firstStart) / step), MAX_BUCKET_ROWS);
    }
    const sums = new Map<number, number>();
    await this.forEachRow(query, (row) => {
      const at = row.start.getTime();
      sums.set(at, (sums.get(at) ?? 0) + row.count);
    });
    if (options.fill === false) {
      return [...sums]
        .sort(([a], [b]) => a - b)
        .map(([at, count]) => ({ start: new Date(at), count }));
    }
    const points: SeriesPoint[] = [];
    for (let at = firstStart; at < toMs; at += step) {
      points.push({ start: new Date(at), count: sums.get(at) ?? 0 });
    }
    return points;
  }

  /**
   * Stored rows with the pending counts they do not hold yet added, then the pending counts of
   * buckets not stored at all. Redis is read FIRST: a flush that finishes between the two reads
   * has put its flush id on the buckets, so its counts are skipped rather than lost.
   */
  private async forEachRow(query: BucketQuery, visit: (row: BucketRow) => void): Promise<void> {
    if (query.to.getTime() <= query.from.getTime()) return;
    const pending = await this.pendingCounts(query);
    await this.repository.forEach(query, pending.size > 0, (row) => {
      const key = overlayKey(row.start.getTime(), seriesKey(row.eventId, row.dimensions));
      const extra = pending.get(key);
      if (!extra) {
        visit(row);
        return;
      }
      pending.delete(key);
      const held = new Set(row.flushes ?? []);
      const added = extra.pieces.reduce(
        (sum, piece) => (held.has(piece.flushId) ? sum : sum + piece.count),
        0,
      );
      visit({
        eventId: row.eventId,
        dimensions: row.dimensions,
        start: row.start,
        count: row.count + added,
      });
    });
    for (const extra of pending.values()) {
      const count = extra.pieces.reduce((sum, piece) => sum + piece.count, 0);
      visit({ ...extra.series, start: new Date(extra.startMs), count });
    }
  }

  private async pendingCounts(query: BucketQuery): Promise<Map<string, PendingCounts>> {
    const parts = await this.pending.snapshot(
      query.orgId,
      query.resolution,
      query.from.getTime(),
      query.to.getTime(),
    );
    const matches = seriesFilter(query);
    const counts = new Map<string, PendingCounts>();
    for (const part of parts) {
      for (const [key, count] of part.counts) {
        const series = parseSeriesKey(key);
        if (!matches(series)) continue;
        const id = overlayKey(part.startMs, key);
        const entry = counts.get(id) ?? { series, startMs: part.startMs, pieces: [] };
        entry.pieces.push({ flushId: part.flushId, count });
        counts.set(id, entry);
      }
    }
    return counts;
  }
}

/** An organisation-wide read: every event id, every dimension set. */
export interface OrgCountsQuery {
  readonly orgId: string;
  readonly resolution: BucketResolution;
  /** Inclusive, as in BucketQuery. */
  readonly from: Date;
  /** Exclusive. */
  readonly to: Date;
}

/** One event id's count in the bucket starting at `start` (all dimension sets). */
export interface EventCount {
  readonly eventId: string;
  readonly start: Date;
  readonly count: number;
}

/**
 * Bucket starts one orgCounts call reads (each a keyed read): 61 day buckets or 8 weeks of
 * 25-hour periods at most for the dashboard's settings, so this only stops a misuse.
 */
const MAX_KEYED_BUCKETS = 1_500;

interface PendingCounts {
  readonly series: Series;
  readonly startMs: number;
  readonly pieces: { readonly flushId: string; readonly count: number }[];
}

function overlayKey(startMs: number, key: string): string {
  return `${startMs}\u001e${key}`;
}
