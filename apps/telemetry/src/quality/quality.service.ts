import { Injectable } from '@nestjs/common';
import {
  QUALITY_DEFAULT_WINDOW,
  QUALITY_MAX_WINDOW_MS,
  type QualityListDto,
  type QualityListQueryDto,
  type SeriesQualityDto,
  TRAFFIC_SERIES_ID_PATTERN,
  ValidationFailedError,
} from '@vantage/contracts';
import { alignDown } from '../series/bucket-aggregation';
import { PointsRepository, type QualityBucket } from '../series/points.repository';
import { durationMs } from '../series/points-query';
import { SeriesCatalogue } from '../series/series-catalogue';
import type { SeriesEntry } from '../series/series.schema';
import { assessQuality, type QualityAssessment } from './quality-assessment';

const MINUTE_MS = 60_000;
/** Series silent for longer than this are left out of the org-wide quality list. */
const LIST_ACTIVE_WITHIN_MS = 7 * 86_400_000;
/** Most series one org-wide list judges (the most recently active ones). */
const LIST_MAX_SERIES = 5000;
const LIST_DEFAULT_LIMIT = 200;

/**
 * Data quality of stored series over a window ending now (its start aligned down to the
 * minute): one series, or every recently active series of the org from one pass over the
 * window's minute buckets. Use `assess` before alarming on a series: a flagged one's data is
 * the problem. Traffic series are not judged here: their counts are validated at ingest.
 */
@Injectable()
export class QualityService {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly points: PointsRepository,
  ) {}

  async assess(
    orgId: string,
    seriesId: string,
    window?: string,
    now = Date.now(),
  ): Promise<SeriesQualityDto> {
    if (TRAFFIC_SERIES_ID_PATTERN.test(seriesId)) {
      const message = 'quality is judged for stored series; traffic counts are checked at ingest';
      throw new ValidationFailedError(message, [{ field: 'id', message }]);
    }
    const entry = await this.catalogue.get(orgId, seriesId);
    const { fromMs, toMs } = windowOf(window, now);
    const buckets: QualityBucket[] = [];
    await this.points.forEachQualityBucket(orgId, seriesId, fromMs, toMs, (bucket) =>
      buckets.push(bucket),
    );
    return toDto(entry, fromMs, toMs, judge(entry, buckets, fromMs, toMs, now));
  }

  async list(orgId: string, query: QualityListQueryDto, now = Date.now()): Promise<QualityListDto> {
    const { fromMs, toMs } = windowOf(query.window, now);
    const entries = await this.catalogue.activeSince(
      orgId,
      now - LIST_ACTIVE_WITHIN_MS,
      LIST_MAX_SERIES,
    );
    const bySeries = new Map<string, QualityBucket[]>(entries.map((entry) => [entry.seriesId, []]));
    await this.points.forEachQualityBucket(orgId, undefined, fromMs, toMs, (bucket) =>
      bySeries.get(bucket.seriesId)?.push(bucket),
    );
    const items = entries
      .map((entry) =>
        toDto(
          entry,
          fromMs,
          toMs,
          judge(entry, bySeries.get(entry.seriesId) ?? [], fromMs, toMs, now),
        ),
      )
      .filter((item) => query.flagged === undefined || item.flagged === query.flagged)
      .sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    return { items: items.slice(0, query.limit ?? LIST_DEFAULT_LIMIT) };
  }
}

function windowOf(window: string | undefined, now: number): { fromMs: number; toMs: number } {
  const windowMs = durationMs(window ?? QUALITY_DEFAULT_WINDOW);
  if (windowMs > QUALITY_MAX_WINDOW_MS || windowMs < MINUTE_MS) {
    const message = 'window must be between 1m and 1d';
    throw new ValidationFailedError(message, [{ field: 'window', message }]);
  }
  return { fromMs: alignDown(now - windowMs, MINUTE_MS), toMs: now + 1 };
}

function judge(
  entry: SeriesEntry,
  buckets: readonly QualityBucket[],
  fromMs: number,
  toMs: number,
  nowMs: number,
): QualityAssessment {
  return assessQuality({
    fromMs,
    toMs,
    nowMs,
    firstTimestamp: entry.firstTimestamp ?? null,
    lastTimestamp: entry.lastTimestamp ?? null,
    declaredIntervalMs: entry.intervalMs ?? null,
    buckets,
  });
}

function toDto(
  entry: SeriesEntry,
  fromMs: number,
  toMs: number,
  quality: QualityAssessment,
): SeriesQualityDto {
  const iso = (ms: number): string => new Date(ms).toISOString();
  return {
    seriesId: entry.seriesId,
    name: entry.name,
    labels: entry.labels,
    from: iso(fromMs),
    to: iso(toMs - 1),
    intervalMs: quality.intervalMs,
    intervalSource: quality.intervalSource,
    completeness: {
      ...quality.completeness,
      gaps: quality.completeness.gaps.map((gap) => ({
        from: iso(gap.fromMs),
        to: iso(gap.toMs),
        missing: gap.missing,
      })),
    },
    timeliness: {
      lastTimestamp:
        quality.timeliness.lastTimestamp === null ? null : iso(quality.timeliness.lastTimestamp),
      lagMs: quality.timeliness.lagMs,
      staleAfterMs: quality.timeliness.staleAfterMs,
    },
    validity: quality.validity,
    duplicates: quality.duplicates,
    score: quality.score,
    flagged: quality.flagged,
    reasons: quality.reasons,
  };
}
