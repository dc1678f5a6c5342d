import { Injectable } from '@nestjs/common';
import { type Aggregation, TRAFFIC_SERIES_ID_PATTERN } from '@vantage/contracts';
import { SeriesCatalogue } from '../series/series-catalogue';
import { SeriesReader } from '../series/series-reader';
import { naturalAggregation, naturalStepMs } from './natural-step';

const HOUR_MS = 3_600_000;
/** Hours looked at to infer the cadence of a series without a declared interval. */
const CADENCE_LOOKBACK_HOURS = 14 * 24;

export interface SeriesProfile {
  readonly stepMs: number;
  readonly aggregation: Aggregation;
  /** Earliest sample, when known (traffic series: unknown). */
  readonly firstTimestamp: number | null;
}

/**
 * How forecasts and the anomaly detector read a series: its natural step and aggregation.
 * Throws NotFoundError for a series the org does not have.
 */
@Injectable()
export class SeriesProfiles {
  constructor(
    private readonly catalogue: SeriesCatalogue,
    private readonly reader: SeriesReader,
  ) {}

  async of(orgId: string, seriesId: string, now = Date.now()): Promise<SeriesProfile> {
    if (TRAFFIC_SERIES_ID_PATTERN.test(seriesId)) {
      // Traffic counts are kept per hour: events per hour is their natural view.
      await this.reader.points(orgId, seriesId, {
        from: new Date(now - HOUR_MS),
        to: new Date(now),
        stepMs: HOUR_MS,
        aggregation: 'sum',
      });
      return { stepMs: HOUR_MS, aggregation: 'sum', firstTimestamp: null };
    }
    const entry = await this.catalogue.get(orgId, seriesId);
    let hourlyCounts: (number | null)[] = [];
    if (entry.intervalMs === null) {
      const { points } = await this.reader.points(orgId, seriesId, {
        from: new Date(now - CADENCE_LOOKBACK_HOURS * HOUR_MS),
        to: new Date(now),
        stepMs: HOUR_MS,
        aggregation: 'count',
      });
      hourlyCounts = points.map((point) => point.value);
    }
    return {
      stepMs: naturalStepMs(entry.intervalMs, hourlyCounts),
      aggregation: naturalAggregation(entry.kind),
      firstTimestamp: entry.firstTimestamp,
    };
  }
}
