import { Inject, Injectable } from '@nestjs/common';
import {
  ALERT_PATTERNS,
  type AlertDto,
  type AlertPageDto,
  BILLING_METRICS_PATTERNS,
  DASHBOARD_PATTERNS,
  type DashboardPageDto,
  type DashboardQueryDto,
  type DashboardStatsDto,
  type ListAlertsDto,
  type RevenueMetricsDto,
  type RevenueMetricsQueryDto,
  TELEMETRY_REPORT_PATTERNS,
  type TelemetryWeeklyReply,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { RoadmapService } from '../roadmap/roadmap.service';
import type { ReportSettings } from '../schedule/report-settings.schema';
import { SourceClient } from '../sources/source-client';
import { UsageService } from '../usage/usage.service';
import { addWeeks, formatIsoWeek, type IsoWeek, weekBounds } from './iso-week';
import { localMidnights } from './local-midnights';
import type {
  AlertActivity,
  ReliabilitySection,
  RevenueSection,
  Section,
  TrafficHealth,
  TrafficSection,
  WeeklyReportModel,
} from './report-model';
import { reliabilitySection } from './sections/reliability-section';
import { revenueSection } from './sections/revenue-section';
import { alertActivity, trafficHealth } from './sections/traffic-section';

/** Weeks of MRR the revenue chart shows. */
const REVENUE_TREND_WEEKS = 8;
/** Alert pages read at most (200 each): a week with more is summarised from these. */
const ALERT_PAGES = 5;
const DAY_MS = 86_400_000;

/**
 * Collects a weekly report's figures: each section from its source, all at once. Every source
 * is optional: one that does not answer (not running, slow, 503, pattern unknown) makes its
 * section say it has no data yet, and the report goes out with the others.
 */
@Injectable()
export class WeeklyReportBuilder {
  constructor(
    private readonly sources: SourceClient,
    private readonly usage: UsageService,
    private readonly roadmap: RoadmapService,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  async build(
    orgId: string,
    week: IsoWeek,
    settings: ReportSettings,
    now = new Date(),
  ): Promise<WeeklyReportModel> {
    const { timeZone } = settings;
    const { from, to } = weekBounds(week, timeZone);
    const [revenue, usage, traffic, reliability, roadmap] = await Promise.all([
      this.revenue(orgId, week),
      this.local(
        'usage',
        () => this.usage.reportSection(orgId, week, timeZone),
        'no usage recorded',
      ),
      this.traffic(orgId, week, timeZone),
      this.reliability(orgId, from, to),
      this.local(
        'roadmap',
        () => this.roadmap.reportSection(orgId, week, timeZone),
        'no roadmap items',
      ),
    ]);
    return {
      orgId,
      orgName: settings.orgName ?? settings.accountName ?? null,
      week: formatIsoWeek(week),
      previousWeek: formatIsoWeek(addWeeks(week, -1)),
      from: from.toISOString(),
      to: to.toISOString(),
      timeZone,
      generatedAt: now.toISOString(),
      revenue,
      usage,
      traffic,
      reliability,
      roadmap,
    };
  }

  /**
   * Billing's figures are the whole business's: billing answers them to its operator orgs
   * only, and refuses (403) the others, whose report then has no revenue section at all.
   */
  private async revenue(orgId: string, week: IsoWeek): Promise<Section<RevenueSection> | null> {
    // Billing's weeks are ISO weeks of UTC.
    const query: RevenueMetricsQueryDto = {
      from: weekBounds(addWeeks(week, 1 - REVENUE_TREND_WEEKS), 'UTC').from.toISOString(),
      to: weekBounds(week, 'UTC').to.toISOString(),
      granularity: 'week',
    };
    const answer = await this.sources.ask<RevenueMetricsDto>(
      'billing',
      orgId,
      BILLING_METRICS_PATTERNS.revenue,
      query,
    );
    if (!answer.ok) return answer.refused ? null : missing(answer.reason);
    return present(revenueSection(answer.value), 'billing answered without two weeks of figures');
  }

  private async reliability(
    orgId: string,
    from: Date,
    to: Date,
  ): Promise<Section<ReliabilitySection>> {
    const answer = await this.sources.ask<TelemetryWeeklyReply>(
      'telemetry',
      orgId,
      TELEMETRY_REPORT_PATTERNS.weekly,
      { from: from.toISOString(), to: to.toISOString() },
    );
    if (!answer.ok) return missing(answer.reason);
    return present(reliabilitySection(answer.value, from), 'telemetry answered out of contract');
  }

  private async traffic(
    orgId: string,
    week: IsoWeek,
    timeZone: string,
  ): Promise<Section<TrafficSection>> {
    const { from, to } = weekBounds(week, timeZone);
    const [health, alerts] = await Promise.all([
      this.trafficHealth(orgId, from, to),
      this.alerts(orgId, week, timeZone),
    ]);
    if (!health.available && !alerts.available) return missing(health.reason);
    return { available: true, data: { health, alerts } };
  }

  private async trafficHealth(
    orgId: string,
    from: Date,
    to: Date,
  ): Promise<Section<TrafficHealth>> {
    const worstQuery: DashboardQueryDto = {
      asOf: to.toISOString(),
      statuses: ['CRITICAL', 'WARNING'],
      sortBy: 'impact',
      sortDir: 'asc',
      pageSize: 5,
    };
    const [atEnd, atPreviousEnd, worst] = await Promise.all([
      this.sources.ask<DashboardStatsDto>('traffic-monitor', orgId, DASHBOARD_PATTERNS.stats, {
        asOf: to.toISOString(),
      }),
      this.sources.ask<DashboardStatsDto>('traffic-monitor', orgId, DASHBOARD_PATTERNS.stats, {
        asOf: from.toISOString(),
      }),
      this.sources.ask<DashboardPageDto>(
        'traffic-monitor',
        orgId,
        DASHBOARD_PATTERNS.query,
        worstQuery,
      ),
    ]);
    if (!atEnd.ok) return missing(atEnd.reason);
    if (!atPreviousEnd.ok) return missing(atPreviousEnd.reason);
    const page: DashboardPageDto = worst.ok
      ? worst.value
      : { items: [], total: 0, page: 1, pageSize: 5, window: atEnd.value.window };
    return present(
      trafficHealth(atEnd.value, atPreviousEnd.value, page),
      'the traffic monitor answered out of contract',
    );
  }

  /** Alerts opened from two weeks before the week before (to see those resolved in it). */
  private async alerts(
    orgId: string,
    week: IsoWeek,
    timeZone: string,
  ): Promise<Section<AlertActivity>> {
    const dayStarts = localMidnights(week, timeZone);
    const previousDayStarts = localMidnights(addWeeks(week, -1), timeZone);
    const query: ListAlertsDto = {
      from: new Date((previousDayStarts[0] as Date).getTime() - 14 * DAY_MS).toISOString(),
      to: (dayStarts.at(-1) as Date).toISOString(),
      limit: 200,
    };
    const alerts: AlertDto[] = [];
    for (let page = 0; page < ALERT_PAGES; page += 1) {
      const answer = await this.sources.ask<AlertPageDto>(
        'traffic-monitor',
        orgId,
        ALERT_PATTERNS.list,
        query,
      );
      if (!answer.ok) return page === 0 ? missing(answer.reason) : collected();
      if (!Array.isArray(answer.value?.items)) return missing('alerts answered out of contract');
      alerts.push(...answer.value.items);
      if (!answer.value.nextCursor) break;
      query.cursor = answer.value.nextCursor;
    }
    return collected();

    function collected(): Section<AlertActivity> {
      return { available: true, data: alertActivity(alerts, dayStarts, previousDayStarts) };
    }
  }

  /** This service's own data: a failure is logged and the section says so, like a source's. */
  private async local<T>(
    name: string,
    read: () => Promise<T | null>,
    emptyReason: string,
  ): Promise<Section<T>> {
    try {
      const data = await read();
      return data === null ? missing(emptyReason) : { available: true, data };
    } catch (error) {
      this.logger.warn({ err: error, section: name }, 'report section could not be read');
      return missing('could not be read');
    }
  }
}

function missing(reason: string): { available: false; reason: string } {
  return { available: false, reason };
}

function present<T>(data: T | null, reasonIfNull: string): Section<T> {
  return data === null ? missing(reasonIfNull) : { available: true, data };
}
