import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import type {
  DashboardRowDto,
  DashboardSettings,
  HealthWindowDto,
  WindowChoice,
} from '@vantage/contracts';
import { DEFAULT_DASHBOARD_SETTINGS, UNKNOWN_RAD_SET } from '@vantage/contracts';
import { BucketReader } from '../buckets/bucket-reader';
import { alignDown } from '../buckets/bucket-time';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { DashboardConfigService } from '../dashboard/dashboard-config.service';
import { sameSettings } from '../dashboard/dashboard-settings';
import { RadSetClassifier } from '../rad-sets/rad-set-classifier';
import type { RadSet } from '../rad-sets/rad-set.schema';
import { RadSetsService } from '../rad-sets/rad-sets.service';
import { scoreHealth, type ScoringRules } from './health-scoring';
import {
  type HealthWindowPlan,
  type PeriodRead,
  periodsOf,
  planHealthWindows,
  readsOf,
} from './health-window';
import { sumByPeriod } from './period-counts';
import { SnapshotCache } from './snapshot-cache';
import { explainWindow } from './window-explanation';

/** The health of every event id of an organisation in one window. */
export interface HealthSnapshot {
  /** One row per event id seen in the window or its baseline, sorted by event id. */
  readonly rows: readonly DashboardRowDto[];
  /** The organisation's RAD sets the rows were classified with. */
  readonly sets: readonly RadSet[];
  readonly window: HealthWindowDto;
}

/** Organisations whose snapshots one replica keeps at once. */
const MAX_CACHED_SNAPSHOTS = 200;

/** A rolling window ends at `asOf` itself: requests within one minute share one computation. */
const ROLLING_CACHE_STEP_MS = 60_000;
const HOUR_MS = 3_600_000;
/** The dashboard's last answer judged now is never served older than this. */
const RECENT_MAX_AGE_MS = 60_000;

/**
 * Event health against the baseline. One read per computation: the day buckets of the whole
 * baseline and window for day windows (21 days by default), or one total per period for
 * intraday windows; classification and scoring then run in memory. The result is cached per
 * organisation for HEALTH_CACHE_TTL_MS, keyed by config version, RAD set revision and window,
 * so a settings change is never served stale.
 */
@Injectable()
export class HealthService {
  private readonly cache: SnapshotCache<HealthSnapshot>;

  constructor(
    private readonly reader: BucketReader,
    private readonly radSets: RadSetsService,
    private readonly dashboardConfig: DashboardConfigService,
    config: TrafficMonitorConfig,
  ) {
    this.cache = new SnapshotCache(config.HEALTH_CACHE_TTL_MS, MAX_CACHED_SNAPSHOTS);
  }

  /** Health in the window judged at `asOf` (default: now). */
  async snapshot(orgId: string, asOf?: Date): Promise<HealthSnapshot> {
    const input = await this.inputOf(orgId, asOf);
    // Only health judged now may later stand in for a newer answer.
    const group = asOf === undefined ? groupOf(orgId, input) : undefined;
    return this.cache.getOrCompute(keyOf(orgId, input), () => this.compute(orgId, input), group);
  }

  /**
   * Health judged now, for the dashboard: the org's last answer under the same config version
   * and RAD sets, at most a minute old, while one newer answer is computed in the background,
   * so a rolling window's per-minute computation holds no request.
   */
  async recentSnapshot(orgId: string): Promise<HealthSnapshot> {
    const input = await this.inputOf(orgId, undefined);
    return this.cache.getRecent(keyOf(orgId, input), groupOf(orgId, input), RECENT_MAX_AGE_MS, () =>
      this.compute(orgId, input),
    );
  }

  /**
   * What a snapshot at `asOf` depends on besides the stored counts: the config version, the RAD
   * sets' revision and the window's hour (a rolling window moves on within the hour, but its
   * counts only change with new data). Over unchanged counts, an equal basis judges the same:
   * the alert evaluator keeps its last judgement instead of reading the window again.
   */
  async basis(orgId: string, asOf: Date): Promise<string> {
    const { version, revision, plan } = await this.inputOf(orgId, asOf);
    const windowHour = alignDown(plan.current.to.getTime(), HOUR_MS);
    return [version, revision, windowHour].join('|');
  }

  /**
   * The status of every event id now (the last complete window), for the alert evaluator to
   * call each minute: cheap while cached, and the same rows the dashboard shows.
   */
  async currentStatuses(orgId: string): Promise<readonly DashboardRowDto[]> {
    return (await this.snapshot(orgId)).rows;
  }

  /** The config and RAD sets as cached, and the window they plan at `asOf` (default: now). */
  private async inputOf(orgId: string, asOf: Date | undefined): Promise<HealthInput> {
    const [{ version, settings }, sets] = await Promise.all([
      this.dashboardConfig.currentSettings(orgId),
      this.radSets.list(orgId),
    ]);
    const plan = planHealthWindows(settings, asOf ?? new Date());
    return {
      version,
      settings,
      sets,
      revision: revisionOf(sets),
      plan,
      asOfGiven: asOf !== undefined,
    };
  }

  private async compute(orgId: string, input: HealthInput): Promise<HealthSnapshot> {
    const { settings, sets, plan } = input;
    const counts = await this.countsByPeriod(orgId, plan);
    const classifier = new RadSetClassifier(sets);
    const rows: DashboardRowDto[] = [];
    for (const [eventId, perPeriod] of counts) {
      const set = classifier.classify(eventId);
      const score = scoreHealth(
        {
          current: perPeriod[perPeriod.length - 1] ?? 0,
          baseline: perPeriod.slice(0, -1),
          windowsPerDay: plan.windowsPerDay,
        },
        rulesFor(set, settings),
      );
      rows.push({
        eventId,
        radSet: set?.name ?? UNKNOWN_RAD_SET,
        radSetId: set?._id ?? null,
        colour: set?.colour ?? null,
        current: score.current,
        baseline: score.baseline,
        changePct: score.changePct,
        z: score.z,
        status: score.status,
        eventsDelta: score.eventsDelta,
        impact: score.impact,
        highVolume: score.highVolume,
      });
    }
    rows.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
    const first = plan.baselines[0] ?? plan.current;
    const last = plan.baselines[plan.baselines.length - 1] ?? plan.current;
    const chosenBy: WindowChoice = sameSettings(settings, DEFAULT_DASHBOARD_SETTINGS)
      ? 'defaults'
      : 'config';
    return {
      rows,
      sets,
      window: {
        from: plan.current.from.toISOString(),
        to: plan.current.to.toISOString(),
        asOf: plan.asOf.toISOString(),
        windowMode: plan.windowMode,
        windowHours: plan.windowHours,
        includesCurrentHour: plan.openHourShare !== null,
        chosenBy,
        baselineMode: plan.baselineMode,
        baselineFrom: first.from.toISOString(),
        baselineTo: last.to.toISOString(),
        baselinePeriods: plan.baselines.length,
        configVersion: input.version,
        explanation: explainWindow(plan, {
          chosenBy,
          configVersion: input.version,
          asOfGiven: input.asOfGiven,
        }),
        computedAt: new Date().toISOString(),
      },
    };
  }

  /** Per event id, the count of each baseline period then of the current window. */
  private async countsByPeriod(
    orgId: string,
    plan: HealthWindowPlan,
  ): Promise<Map<string, number[]>> {
    const periods = periodsOf(plan);
    if (plan.resolution === 'day') {
      // Day periods: one read of every day bucket from the oldest period to the window's end.
      const rows = await this.reader.orgCounts({
        orgId,
        resolution: 'day',
        from: (periods[0] ?? plan.current).from,
        to: plan.current.to,
      });
      return sumByPeriod(rows, periods);
    }
    // Hour periods a week apart: a few reads per period rather than four weeks of hour rows.
    const judged = periods.length - 1;
    const answers = await Promise.all(
      periods.flatMap((period, index) =>
        readsOf(plan, period, index === judged).map(async (read) => ({
          index,
          totals: await this.weightedTotals(orgId, read),
        })),
      ),
    );
    const counts = new Map<string, number[]>();
    for (const { index, totals } of answers) {
      for (const [eventId, count] of totals) {
        let perPeriod = counts.get(eventId);
        if (!perPeriod) {
          perPeriod = new Array<number>(periods.length).fill(0);
          counts.set(eventId, perPeriod);
        }
        perPeriod[index] = (perPeriod[index] as number) + count;
      }
    }
    // A prorated hour gives a fraction; scoring compares whole counts (exact thresholds).
    for (const perPeriod of counts.values()) {
      perPeriod.forEach((count, index) => (perPeriod[index] = Math.round(count)));
    }
    return counts;
  }

  /** Per event id, the read's count, buckets from `proratedFrom` on counted at their share. */
  private async weightedTotals(orgId: string, read: PeriodRead): Promise<Map<string, number>> {
    const query = { orgId, resolution: read.resolution, from: read.from, to: read.to };
    const proratedFrom = read.proratedFrom?.getTime() ?? Number.POSITIVE_INFINITY;
    const totals = new Map<string, number>();
    for (const row of await this.reader.orgCounts(query)) {
      const weight = row.start.getTime() >= proratedFrom ? read.share : 1;
      totals.set(row.eventId, (totals.get(row.eventId) ?? 0) + row.count * weight);
    }
    return totals;
  }
}

/** What one snapshot is computed from. */
interface HealthInput {
  readonly version: number;
  readonly settings: DashboardSettings;
  readonly sets: readonly RadSet[];
  readonly revision: string;
  readonly plan: HealthWindowPlan;
  readonly asOfGiven: boolean;
}

/** The answers that may stand in for one another while a newer one is computed. */
function groupOf(orgId: string, input: HealthInput): string {
  return [orgId, input.version, input.revision].join('|');
}

/** The cache key: the group and the window end (to the minute for a rolling window). */
function keyOf(orgId: string, input: HealthInput): string {
  const end = input.plan.current.to.getTime();
  const rolling = input.plan.openHourShare !== null;
  const cacheEnd = rolling ? alignDown(end, ROLLING_CACHE_STEP_MS) : end;
  return `${groupOf(orgId, input)}|${cacheEnd}`;
}

/** A set's own thresholds; the config's defaults for `unknown` events. */
function rulesFor(set: RadSet | undefined, settings: DashboardSettings): ScoringRules {
  const source = set ?? settings;
  return {
    criticalDropPct: source.criticalDropPct,
    warningDropPct: source.warningDropPct,
    minDailyVolume: source.minDailyVolume,
    highVolumeLevel: source.highVolumeLevel,
    valuePerEvent: source.valuePerEvent,
    increasePct: settings.increasePct,
  };
}

/** Changes whenever a set is added, changed or deleted (on any replica). */
function revisionOf(sets: readonly RadSet[]): string {
  const hash = createHash('sha1');
  for (const set of sets) hash.update(`${set._id}@${set.updatedAt.getTime()};`);
  return hash.digest('base64url');
}
