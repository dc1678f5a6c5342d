import type { TrafficStatusChange } from '@vantage/contracts';
import type { SeenStatus } from './event-status.schema';

/**
 * The event ids whose status differs between two evaluations, by event id: a changed status,
 * an event new to the window (`from: null`) or gone from it (`to: null`).
 */
export function diffStatuses(
  previous: readonly SeenStatus[],
  current: readonly SeenStatus[],
): TrafficStatusChange[] {
  const before = new Map(previous.map((seen) => [seen.eventId, seen]));
  const changes: TrafficStatusChange[] = [];
  for (const seen of current) {
    const earlier = before.get(seen.eventId);
    before.delete(seen.eventId);
    if (earlier?.status === seen.status) continue;
    changes.push({
      eventId: seen.eventId,
      radSet: seen.radSet,
      from: earlier?.status ?? null,
      to: seen.status,
    });
  }
  for (const gone of before.values()) {
    changes.push({ eventId: gone.eventId, radSet: gone.radSet, from: gone.status, to: null });
  }
  return changes.sort((a, b) => (a.eventId < b.eventId ? -1 : a.eventId > b.eventId ? 1 : 0));
}
