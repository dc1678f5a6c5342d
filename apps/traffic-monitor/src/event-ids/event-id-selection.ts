import { compileEventIdGlob } from '@vantage/formula';
import type { CataloguedEventIds } from './event-id-catalogue';

/** How a read selects event ids: every id, the ids a glob matched, or the glob itself. */
export type EventIdSelection =
  | { readonly eventIds: readonly string[] }
  | { readonly eventIdGlob: string }
  | Record<string, never>;

/**
 * The event ids a glob stands for, from the organisation's catalogue: a bounded list the store
 * reads by equality (the `(orgId, eventId, start)` index on MongoDB) rather than a pattern over
 * every bucket of the org. When no catalogued id matches, the glob is read as it is: its ids may
 * have been sent but not flushed yet (the catalogue learns them at the flush), and their pending
 * counts must be seen. A full catalogue may lack ids first sent after it filled: the glob is
 * then read as it is too, so no count is lost.
 */
export function selectEventIds(
  eventIdGlob: string | undefined,
  catalogued: CataloguedEventIds | undefined,
): EventIdSelection {
  if (eventIdGlob === undefined) return {};
  if (!catalogued || catalogued.full) return { eventIdGlob };
  const matches = compileEventIdGlob(eventIdGlob);
  const eventIds = catalogued.eventIds.filter((eventId) => matches(eventId));
  return eventIds.length === 0 ? { eventIdGlob } : { eventIds };
}
