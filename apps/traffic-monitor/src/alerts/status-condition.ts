import type {
  AlertEventDetail,
  DashboardRowDto,
  HealthStatus,
  StatusAlertCondition,
} from '@vantage/contracts';
import { compileEventIdGlob } from '@vantage/formula';
import type { ConditionOutcome } from './condition-outcome';

/** Events listed in an alert's details; `matched` still counts them all. */
export const MAX_LISTED_EVENTS = 50;
/** Events named in the one-line summary. */
const SUMMARY_EVENTS = 3;

/** The health window the rows were judged in. */
export interface JudgedWindow {
  readonly from: string;
  readonly to: string;
}

/**
 * Judges a status rule against the current health rows (the dashboard's): it holds while at
 * least `minEvents` event ids have one of its statuses, among those of its RAD set and
 * matching its glob when given.
 */
export function judgeStatusCondition(
  condition: StatusAlertCondition,
  rows: readonly DashboardRowDto[],
  window: JudgedWindow,
): ConditionOutcome {
  const statuses = new Set<HealthStatus>(condition.statuses);
  const glob = condition.eventIdGlob === null ? null : compileEventIdGlob(condition.eventIdGlob);
  const matching = rows.filter(
    (row) =>
      statuses.has(row.status) &&
      (condition.radSetId === null || row.radSetId === condition.radSetId) &&
      (glob === null || glob(row.eventId)),
  );
  if (matching.length < condition.minEvents) return { holds: false };
  const events = matching.slice(0, MAX_LISTED_EVENTS).map(toEventDetail);
  return {
    holds: true,
    summary: summarise(matching),
    details: {
      kind: 'status',
      matched: matching.length,
      events,
      windowFrom: window.from,
      windowTo: window.to,
    },
  };
}

function toEventDetail(row: DashboardRowDto): AlertEventDetail {
  return {
    eventId: row.eventId,
    status: row.status,
    radSet: row.radSet,
    current: row.current,
    baseline: row.baseline,
    changePct: row.changePct,
  };
}

/** `2 events CRITICAL/WARNING: a.b (-90%), c.d (-55%)`, naming at most three. */
function summarise(matching: readonly DashboardRowDto[]): string {
  const statuses = [...new Set(matching.map((row) => row.status))].join('/');
  const named = matching.slice(0, SUMMARY_EVENTS).map((row) => {
    const change = row.changePct === null ? '' : ` (${formatChange(row.changePct)})`;
    return `${row.eventId}${change}`;
  });
  const more =
    matching.length > SUMMARY_EVENTS ? ` and ${matching.length - SUMMARY_EVENTS} more` : '';
  const noun = matching.length === 1 ? 'event' : 'events';
  return `${matching.length} ${noun} ${statuses}: ${named.join(', ')}${more}`;
}

function formatChange(changePct: number): string {
  return `${changePct > 0 ? '+' : ''}${changePct}%`;
}
