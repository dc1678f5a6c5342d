import { Injectable } from '@nestjs/common';
import { mapConcurrently } from '@vantage/service-runtime';
import {
  type SloFigure,
  type TelemetryWeeklyReply,
  ValidationFailedError,
} from '@vantage/contracts';
import { rollup } from '../series/bucket-aggregation';
import { PointsRepository } from '../series/points.repository';
import { SeriesEntry } from '../series/series.schema';
import { SeriesRepository } from '../series/series.repository';
import { SloRepository } from '../slos/slo.repository';
import { SloStatusService } from '../slos/slo-status.service';
import {
  countSeriesOf,
  DAY_MS,
  gridHours,
  HOUR_MS,
  type HourlyCountSeries,
  periodFigures,
  type PeriodGrid,
  periodGrid,
} from './reliability-figures';
import { sloFigure } from './slo-figure';
import { trafficForecast } from './traffic-forecast';

/** Longest report period answered (a month and a bit; a week is the usual). */
export const WEEKLY_REPORT_MAX_PERIOD_MS = 31 * DAY_MS;
/** Catalogue entries looked at per page, and at most (the largest series cap of ORG_CAPS). */
const CATALOGUE_PAGE = 1000;
const CATALOGUE_MAX = 10_000;
/** Reads in flight at once: enough to overlap round trips, few enough to share the database. */
const READ_CONCURRENCY = 8;

/**
 * Telemetry's part of the weekly report: request and error totals of the period and the one
 * before, the most frequent errors, the org's SLOs and next period's traffic forecast. Every
 * part degrades to the contract's empty shape when there is no data.
 */
@Injectable()
export class WeeklyReportService {
  constructor(
    private readonly series: SeriesRepository,
    private readonly points: PointsRepository,
    private readonly slos: SloRepository,
    private readonly sloStatus: SloStatusService,
  ) {}

  async weekly(
    orgId: string,
    period: { from: string; to: string },
    now = new Date(),
  ): Promise<TelemetryWeeklyReply> {
    const grid = validGrid(period.from, period.to);
    const [hourly, slos] = await Promise.all([
      this.hourlyCounts(orgId, grid),
      this.sloFigures(orgId, new Date(Math.min(grid.toMs, now.getTime()))),
    ]);
    const figures = periodFigures(grid, hourly);
    return {
      current: figures.current,
      previous: figures.previous,
      topErrors: figures.topErrors,
      slos,
      forecast: trafficForecast(figures.hourlyRequests, grid.gridStartMs, grid.fromMs, grid.toMs),
      dailyErrorRate: figures.dailyErrorRate,
    };
  }

  /** Hourly sums of the org's request and error count series with a sample in the grid. */
  private async hourlyCounts(orgId: string, grid: PeriodGrid): Promise<HourlyCountSeries[]> {
    const entries = (await this.countSeriesEntries(orgId)).filter(
      (entry) =>
        entry.lastTimestamp !== null &&
        entry.lastTimestamp >= grid.gridStartMs &&
        (entry.firstTimestamp ?? 0) < grid.toMs,
    );
    const buckets = await this.points.readMany(
      'hour',
      orgId,
      entries.map((entry) => entry.seriesId),
      grid.gridStartMs,
      grid.toMs,
    );
    const hourGrid = { startMs: grid.gridStartMs, stepMs: HOUR_MS, points: gridHours(grid) };
    return entries.map((entry) => ({
      ...(countSeriesOf(entry.name) as NonNullable<ReturnType<typeof countSeriesOf>>),
      labels: entry.labels ?? {},
      hourly: rollup(buckets.get(entry.seriesId) ?? [], hourGrid, 'sum'),
    }));
  }

  private async countSeriesEntries(orgId: string): Promise<SeriesEntry[]> {
    const found: SeriesEntry[] = [];
    let after: { name: string; seriesId: string } | undefined;
    for (let seen = 0; seen < CATALOGUE_MAX; seen += CATALOGUE_PAGE) {
      const page = await this.series.list({
        orgId,
        namePrefix: 'vantage.',
        limit: CATALOGUE_PAGE,
        ...(after ? { after } : {}),
      });
      found.push(...page.filter((entry) => entry.kind === 'count' && countSeriesOf(entry.name)));
      const last = page.at(-1);
      if (page.length < CATALOGUE_PAGE || !last) break;
      after = { name: last.name, seriesId: last.seriesId };
    }
    return found;
  }

  private async sloFigures(orgId: string, asOf: Date): Promise<SloFigure[]> {
    const slos = await this.slos.list(orgId);
    return mapConcurrently(slos, READ_CONCURRENCY, async (slo) =>
      sloFigure(await this.sloStatus.evaluate(slo, asOf)),
    );
  }
}

function validGrid(from: string, to: string): PeriodGrid {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  if (!(toMs > fromMs)) throw invalid('to', 'to must be after from');
  if (toMs - fromMs > WEEKLY_REPORT_MAX_PERIOD_MS)
    throw invalid('to', `a report period is at most ${WEEKLY_REPORT_MAX_PERIOD_MS / DAY_MS} days`);
  return periodGrid(fromMs, toMs);
}

function invalid(field: string, message: string): ValidationFailedError {
  return new ValidationFailedError(message, [{ field, message }]);
}
