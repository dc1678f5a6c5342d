import type { BaselineMode, DashboardSettings } from '@vantage/contracts';

/** [from, to) in UTC. */
export interface TimeRange {
  readonly from: Date;
  readonly to: Date;
}

/** Which stored counts health compares, derived from the settings and the moment judged. */
export interface HealthWindowPlan {
  /** Bucket resolution that answers every period exactly. */
  readonly resolution: 'day' | 'hour';
  readonly current: TimeRange;
  /** Comparable earlier periods, oldest first. */
  readonly baselines: readonly TimeRange[];
  readonly baselineMode: BaselineMode;
  /** Windows of the current length in one day, to scale counts to a daily volume. */
  readonly windowsPerDay: number;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const WEEK_MS = 7 * DAY_MS;

/**
 * The window ending at the last complete UTC day or hour before `asOf`, and its baseline:
 * - `lastCompleteDay` + `dailyAverage`: each of the `baselineDays` days before that day;
 * - `lastCompleteDay` + `sameHoursLastWeeks`: the same weekday in each of the previous
 *   `baselineWeeks` weeks;
 * - `lastHours`: the last `windowHours` complete hours, against the same hours in each of the
 *   previous `baselineWeeks` weeks (a daily average would compare night with day, so intraday
 *   windows always use the same hours; the config refuses the other combination).
 */
export function planHealthWindows(settings: DashboardSettings, asOf: Date): HealthWindowPlan {
  if (settings.windowMode === 'lastHours') {
    const to = alignDown(asOf.getTime(), HOUR_MS);
    const length = settings.windowHours * HOUR_MS;
    return {
      resolution: 'hour',
      current: range(to - length, to),
      baselines: weeksBefore(to - length, to, settings.baselineWeeks),
      baselineMode: 'sameHoursLastWeeks',
      windowsPerDay: 24 / settings.windowHours,
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
    resolution: 'day',
    current: range(from, to),
    baselines,
    baselineMode: settings.baselineMode,
    windowsPerDay: 1,
  };
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
