import type { AlertDto, DashboardPageDto, DashboardStatsDto } from '@vantage/contracts';
import { countPerDay, median } from '../figures';
import type { AlertActivity, TrafficHealth } from '../report-model';

/**
 * Traffic health at the end of the week against the end of the week before (event ids in
 * CRITICAL and WARNING, business impact), with the worst event ids of the week's end.
 */
export function trafficHealth(
  atEnd: DashboardStatsDto,
  atPreviousEnd: DashboardStatsDto,
  worst: DashboardPageDto,
): TrafficHealth | null {
  if (!atEnd?.byStatus || !atPreviousEnd?.byStatus) return null;
  return {
    critical: { current: atEnd.byStatus.CRITICAL, previous: atPreviousEnd.byStatus.CRITICAL },
    warning: { current: atEnd.byStatus.WARNING, previous: atPreviousEnd.byStatus.WARNING },
    impact: { current: atEnd.impact, previous: atPreviousEnd.impact },
    worst: (worst?.items ?? []).slice(0, 5).map((row) => ({
      eventId: row.eventId,
      radSet: row.radSet,
      status: row.status,
      changePct: row.changePct,
      impact: row.impact,
    })),
  };
}

/**
 * Alerts raised (opened) and resolved in the week and the week before, the median time to
 * resolve those resolved in each week, and alerts raised per day. `dayStarts` are the local
 * midnights of the week (8 instants), `previousDayStarts` those of the week before.
 */
export function alertActivity(
  alerts: readonly AlertDto[],
  dayStarts: readonly Date[],
  previousDayStarts: readonly Date[],
): AlertActivity {
  const week = activity(alerts, dayStarts);
  const previous = activity(alerts, previousDayStarts);
  return {
    raised: { current: week.raised.length, previous: previous.raised.length },
    resolved: { current: week.resolved.length, previous: previous.resolved.length },
    medianTimeToResolveMs: { current: week.medianToResolve, previous: previous.medianToResolve },
    dailyRaised: { current: week.perDay, previous: previous.perDay },
  };
}

function activity(alerts: readonly AlertDto[], starts: readonly Date[]) {
  const from = (starts[0] as Date).getTime();
  const to = (starts.at(-1) as Date).getTime();
  const within = (instant: number): boolean => instant >= from && instant < to;
  const raised = alerts.filter((alert) => within(Date.parse(alert.openedAt)));
  const resolved = alerts.filter(
    (alert) => alert.resolvedAt !== null && within(Date.parse(alert.resolvedAt)),
  );
  return {
    raised,
    resolved,
    medianToResolve: median(
      resolved.map((alert) => Date.parse(alert.resolvedAt as string) - Date.parse(alert.openedAt)),
    ),
    perDay: countPerDay(
      raised.map((alert) => Date.parse(alert.openedAt)),
      starts.map((start) => start.getTime()),
    ),
  };
}
