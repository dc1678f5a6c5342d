import type { BaselineMode, DashboardSettings, WindowMode } from '@vantage/contracts';
import type { BucketResolution } from '../buckets/bucket-query';

/** [from, to) in UTC. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/**
 * One stretch of stored counts that makes up a period: its counts are read at `resolution`
 * and multiplied by `weight` (1, or the elapsed share of the open hour for a baseline).
 */
export interface PeriodPart extends TimeRange {
  readonly resolution: BucketResolution;
  readonly weight: number;
}

/** Which stored counts health compares, derived from the settings and the moment judged. */
export interface HealthWindowPlan {
  readonly windowMode: WindowMode;
  /** Complete hours in the window (24 for a day). */
  readonly windowHours: number;
  /** Bucket resolution of the complete stretches: `day` reads every period in one query. */
  readonly resolution: 'day' | 'hour';
  /** The instant judged. */
  readonly asOf: Date;
  readonly current: TimeRange;
  /** Comparable earlier periods, oldest first. */
  readonly baselines: readonly TimeRange[];
  readonly baselineMode: BaselineMode;
  /** Windows of the current length in one day, to scale counts to a daily volume. */
  readonly windowsPerDay: number;
  /**
   * The share of the open hour elapsed at `asOf` when the window holds it (`rollingHours`),
   * else null: the baseline periods count that share of their own last hour.
   */
  readonly openHourShare: number | null;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/**
 * The window judged at `asOf`, and its baseline (the rules, for users: docs/dashboard.md):
 * - `rollingHours`: the last `windowHours` complete hours and the open hour up to `asOf`,
 *   against the same stretch in each of the previous `baselineWeeks` weeks, whose last hour
 *   counts only the share of the open hour elapsed (so 12:00–12:30 meets half an hour);
 * - `lastHours`: the last `windowHours` complete hours, against the same hours in each of the
 *   previous `baselineWeeks` weeks (a daily average would compare night with day, so intraday
 *   windows always use the same hours; the config refuses the other combination);
 * - `lastCompleteDay` + `dailyAverage`: each of the `baselineDays` days before that day;
 * - `lastCompleteDay` + `sameHoursLastWeeks`: the same weekday in each of the previous
 *   `baselineWeeks` weeks.
 */
export function planHealthWindows(settings: DashboardSettings, asOf: Date): HealthWindowPlan {
  if (settings.windowMode !== 'lastCompleteDay') {
    const rolling = settings.windowMode === 'rollingHours';
    const hourStart = alignDown(asOf.getTime(), HOUR_MS);
    const from = hourStart - settings.windowHours * HOUR_MS;
    const to = rolling ? asOf.getTime() : hourStart;
    return {
      windowMode: settings.windowMode,
      windowHours: settings.windowHours,
      resolution: 'hour',
      asOf,
      current: range(from, to),
      baselines: weeksBefore(from, to, settings.baselineWeeks),
      baselineMode: 'sameHoursLastWeeks',
      windowsPerDay: 24 / settings.windowHours,
      openHourShare: rolling ? (asOf.getTime() - hourStart) / HOUR_MS : null,
    };
  }
  const to = alignDown(asOf.getTime(), DAY_MS);
  const from = to - DAY_MS;
  const baselines =
    settings.baselineMode === 'dailyAverage'
      ? Array.from({ length: settings.baselineDays }, (_, index) => {
          const daysBack = settings.baselineDays - index;
          return range(from - daysBack * DAY_MS, from - (daysBack - 1) * DAY_MS);
        })
      : weeksBefore(from, to, settings.baselineWeeks);
  return {
    windowMode: 'lastCompleteDay',
    windowHours: 24,
    resolution: 'day',
    asOf,
    current: range(from, to),
    baselines,
    baselineMode: settings.baselineMode,
    windowsPerDay: 1,
    openHourShare: null,
  };
}

/**
 * The stored stretches of an hour-window period: its complete hours, then its open hour. The
 * judged window reads the open hour's minute buckets up to `asOf` (exact); a baseline period,
 * whose hour is complete, reads that hour and counts the share elapsed in the judged one.
 */
export function partsOf(plan: HealthWindowPlan, period: TimeRange, judged: boolean): PeriodPart[] {
  const complete = alignDown(period.to.getTime(), HOUR_MS);
  const parts: PeriodPart[] = [
    { resolution: 'hour', from: period.from, to: new Date(complete), weight: 1 },
  ];
  if (plan.openHourShare === null || plan.openHourShare === 0) return parts;
  parts.push(
    judged
      ? { resolution: 'minute', from: new Date(complete), to: period.to, weight: 1 }
      : {
          resolution: 'hour',
          from: new Date(complete),
          to: new Date(complete + HOUR_MS),
          weight: plan.openHourShare,
        },
  );
  return parts;
}

/** Baseline periods followed by the current window: the order counts are kept in. */
export function periodsOf(plan: HealthWindowPlan): readonly TimeRange[] {
  return [...plan.baselines, plan.current];
}

function weeksBefore(from: number, to: number, weeks: number): TimeRange[] {
  return Array.from({ length: weeks }, (_, index) => {
    const back = (weeks - index) * WEEK_MS;
    return range(from - back, to - back);
  });
}

function range(from: number, to: number): TimeRange {
  return { from: new Date(from), to: new Date(to) };
}

function alignDown(ms: number, step: number): number {
  return ms - (ms % step);
}
