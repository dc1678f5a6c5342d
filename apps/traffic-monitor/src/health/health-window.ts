import type { BaselineMode, DashboardSettings, WindowMode } from '@vantage/contracts';
import type { BucketResolution } from '../buckets/bucket-query';
import { alignDown } from '../buckets/bucket-time';

/** [from, to) in UTC. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** One read of stored counts that makes up (part of) a period. */
export interface PeriodRead extends TimeRange {
  readonly resolution: BucketResolution;
  /**
   * Buckets starting at or after this instant count only `share` of their count (a baseline
   * period's last hour, prorated to the open hour's elapsed share); null: every bucket whole.
   */
  readonly proratedFrom: Date | null;
  readonly share: number;
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
 * The reads of an hour-window period. With an open hour, the judged window reads its complete
 * hours, then the open hour's minute buckets up to `asOf` (exact); a baseline period, whose
 * last hour is complete, reads its hours through that one and counts the share elapsed in the
 * judged hour.
 */
export function readsOf(plan: HealthWindowPlan, period: TimeRange, judged: boolean): PeriodRead[] {
  const whole = { proratedFrom: null, share: 1 } as const;
  const share = plan.openHourShare ?? 0;
  if (share === 0) return [{ resolution: 'hour', from: period.from, to: period.to, ...whole }];
  const complete = new Date(alignDown(period.to.getTime(), HOUR_MS));
  if (judged) {
    return [
      { resolution: 'hour', from: period.from, to: complete, ...whole },
      { resolution: 'minute', from: complete, to: period.to, ...whole },
    ];
  }
  const through = new Date(complete.getTime() + HOUR_MS);
  return [{ resolution: 'hour', from: period.from, to: through, proratedFrom: complete, share }];
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
