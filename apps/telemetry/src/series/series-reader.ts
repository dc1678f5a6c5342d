import { Injectable } from '@nestjs/common';
import {
  type Aggregation,
  type SeriesPointsDto,
  TRAFFIC_SERIES_ID_PATTERN,
  TRAFFIC_SERIES_PREFIX,
  type TrafficExportResolution,
} from '@vantage/contracts';
import { alignDown, type BucketAggregate, type PointGrid, rollup } from './bucket-aggregation';
import { PointsRepository } from './points.repository';
import { type PointsResolution } from './points.schema';
import { SeriesCatalogue } from './series-catalogue';
import { TrafficSeriesClient } from './traffic-series.client';

/** A points read: [from, to) in steps of `stepMs` (whole minutes), one aggregation per step. */
export interface PointsRange {
  readonly from: Date;
  readonly to: Date;
  readonly stepMs: number;
  readonly aggregation: Aggregation;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/**
 * The read side of every series, for the API and for what builds on series (forecasts,
 * anomalies, SLOs, health scores): `points(orgId, seriesId, range)` answers one value per step
 * on an epoch-aligned grid, null where the step holds no sample. Import SeriesModule and
 * inject SeriesReader.
 *
 * - Stored series (`ser_...`) are read from minute buckets, or from hourly rollups when the
 *   step is whole hours (so a 90-day read at 1h is 2,160 documents, not 129,600).
 * - Traffic series (`traffic:<eventId>`) are the traffic monitor's event counts, asked for
 *   over the transport at the coarsest resolution dividing the step; each count bucket is one
 *   sample, so `sum` is events per step and `avg` events per bucket. They are zero-filled.
 *
 * Throws NotFoundError for a series the org does not have (another org's included). It trusts
 * the range: resolve HTTP input with resolvePointsQuery first (step and size bounds).
 *
 *   const { points } = await reader.points(orgId, id, { from, to, stepMs: 3_600_000, aggregation: 'avg' });
 *   const values = points.map((point) => point.value); // forecast(values, { horizon: 24 })
 */
@Injectable()
export class SeriesReader {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly repository: PointsRepository,
    private readonly traffic: TrafficSeriesClient,
  ) {}

  async points(orgId: string, seriesId: string, range: PointsRange): Promise<SeriesPointsDto> {
    const grid = gridOf(range);
    const buckets = TRAFFIC_SERIES_ID_PATTERN.test(seriesId)
      ? await this.trafficBuckets(orgId, seriesId.slice(TRAFFIC_SERIES_PREFIX.length), grid, range)
      : await this.storedBuckets(orgId, seriesId, grid, range);
    const values = rollup(buckets, grid, range.aggregation);
    return {
      seriesId,
      from: new Date(grid.startMs).toISOString(),
      to: range.to.toISOString(),
      stepMs: grid.stepMs,
      aggregation: range.aggregation,
      points: values.map((value, index) => ({
        timestamp: new Date(grid.startMs + index * grid.stepMs).toISOString(),
        value,
      })),
    };
  }

  private async storedBuckets(
    orgId: string,
    seriesId: string,
    grid: PointGrid,
    range: PointsRange,
  ): Promise<BucketAggregate[]> {
    await this.catalogue.get(orgId, seriesId);
    const resolution: PointsResolution = grid.stepMs % HOUR_MS === 0 ? 'hour' : 'minute';
    return this.repository.read(resolution, orgId, seriesId, grid.startMs, range.to.getTime());
  }

  private async trafficBuckets(
    orgId: string,
    eventId: string,
    grid: PointGrid,
    range: PointsRange,
  ): Promise<BucketAggregate[]> {
    const resolution: TrafficExportResolution =
      grid.stepMs % DAY_MS === 0 ? 'day' : grid.stepMs % HOUR_MS === 0 ? 'hour' : 'minute';
    const bucketMs = { minute: 60_000, hour: HOUR_MS, day: DAY_MS }[resolution];
    const reply = await this.traffic.counts(orgId, {
      eventId,
      resolution,
      from: new Date(grid.startMs).toISOString(),
      to: range.to.toISOString(),
    });
    const firstMs = Date.parse(reply.from);
    return reply.counts.map((count, index) => {
      const startMs = firstMs + index * bucketMs;
      return {
        startMs,
        count: 1,
        sum: count,
        min: count,
        max: count,
        last: count,
        lastTs: startMs,
      };
    });
  }
}

function gridOf(range: PointsRange): PointGrid {
  const startMs = alignDown(range.from.getTime(), range.stepMs);
  return {
    startMs,
    stepMs: range.stepMs,
    points: Math.max(0, Math.ceil((range.to.getTime() - startMs) / range.stepMs)),
  };
}
