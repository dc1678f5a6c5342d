import { ROADMAP_STATUSES, type RoadmapStatus } from '@vantage/contracts';
import {
  addWeeks,
  compareWeeks,
  formatIsoWeek,
  type IsoWeek,
  isoWeekOfInstant,
} from '../weekly/iso-week';
import type { RoadmapEntry, RoadmapSection } from '../weekly/report-model';

/** What the roadmap figures need of an item. */
export interface RoadmapFact {
  readonly title: string;
  readonly status: RoadmapStatus;
  readonly owner: string | null;
  readonly due: string | null;
  readonly doneAt: Date | null;
}

/** Items listed per table of the report at most. */
const LISTED = 10;

/** Items done in each of the `count` weeks ending with `last` (in the zone), oldest first. */
export function weeklyCompletions(
  items: readonly RoadmapFact[],
  last: IsoWeek,
  count: number,
  timeZone: string,
): { week: string; completed: number }[] {
  const weeks = Array.from({ length: count }, (_, index) => addWeeks(last, index - count + 1));
  const done = items
    .filter((item) => item.status === 'done' && item.doneAt !== null)
    .map((item) => isoWeekOfInstant(item.doneAt as Date, timeZone));
  return weeks.map((week) => ({
    week: formatIsoWeek(week),
    completed: done.filter((doneIn) => compareWeeks(doneIn, week) === 0).length,
  }));
}

/**
 * The report's roadmap section for `week`: done that week against the week before, what is in
 * progress and blocked now, and velocity over the last `velocityWeeks` weeks.
 */
export function roadmapSection(
  items: readonly RoadmapFact[],
  week: IsoWeek,
  timeZone: string,
  velocityWeeks = 8,
): RoadmapSection {
  const velocity = weeklyCompletions(items, week, velocityWeeks, timeZone);
  const doneIn = (target: IsoWeek): RoadmapFact[] =>
    items.filter(
      (item) =>
        item.status === 'done' &&
        item.doneAt !== null &&
        compareWeeks(isoWeekOfInstant(item.doneAt, timeZone), target) === 0,
    );
  const withStatus = (status: RoadmapStatus): RoadmapFact[] =>
    items.filter((item) => item.status === status);
  const completedItems = doneIn(week).sort(
    (a, b) => (a.doneAt as Date).getTime() - (b.doneAt as Date).getTime(),
  );
  return {
    completed: { current: completedItems.length, previous: doneIn(addWeeks(week, -1)).length },
    inProgress: withStatus('in_progress').length,
    blocked: withStatus('blocked').length,
    planned: withStatus('planned').length,
    completedItems: completedItems.slice(0, LISTED).map(entry),
    blockedItems: byDue(withStatus('blocked')).slice(0, LISTED).map(entry),
    inProgressItems: byDue(withStatus('in_progress')).slice(0, LISTED).map(entry),
    velocity,
    averageVelocity:
      velocity.reduce((total, bucket) => total + bucket.completed, 0) /
      Math.max(velocity.length, 1),
  };
}

/** The list order: by status (planned, in progress, blocked, done), then due date, then title. */
export function compareRoadmapItems(a: RoadmapFact, b: RoadmapFact): number {
  return (
    ROADMAP_STATUSES.indexOf(a.status) - ROADMAP_STATUSES.indexOf(b.status) ||
    (a.due ?? '9999').localeCompare(b.due ?? '9999') ||
    a.title.localeCompare(b.title)
  );
}

function byDue(items: RoadmapFact[]): RoadmapFact[] {
  return [...items].sort(
    (a, b) => (a.due ?? '9999').localeCompare(b.due ?? '9999') || a.title.localeCompare(b.title),
  );
}

function entry(item: RoadmapFact): RoadmapEntry {
  return { title: item.title, owner: item.owner, due: item.due };
}
