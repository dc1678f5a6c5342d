import { TRAFFIC_FLUSHED_MAX_EVENT_IDS, type TrafficCountsFlushedUpdate } from '@vantage/contracts';
import { RESOLUTION_MS } from './bucket-query';

interface OrgMinutes {
  fromMs: number;
  toMs: number;
  readonly starts: Set<number>;
  readonly byEventId: Map<string, number>;
}

/**
 * What one flush pass wrote per organisation, summed by event id over dimension sets and
 * minutes, so the `traffic` channel gets one update per organisation and pass, not one per
 * series or bucket. Minute buckets only: hour and day buckets hold the same counts again.
 */
export class FlushedCounts {
  private readonly orgs = new Map<string, OrgMinutes>();

  /** Counts of one flushed minute bucket, by event id (a series' dimensions already summed). */
  addMinute(orgId: string, startMs: number, eventIdCounts: Iterable<[string, number]>): void {
    let org = this.orgs.get(orgId);
    if (!org) {
      org = { fromMs: startMs, toMs: startMs, starts: new Set(), byEventId: new Map() };
      this.orgs.set(orgId, org);
    }
    org.fromMs = Math.min(org.fromMs, startMs);
    org.toMs = Math.max(org.toMs, startMs + RESOLUTION_MS.minute);
    org.starts.add(startMs);
    for (const [eventId, count] of eventIdCounts) {
      org.byEventId.set(eventId, (org.byEventId.get(eventId) ?? 0) + count);
    }
  }

  /** One update per organisation that had a non-zero count flushed. */
  updates(): [orgId: string, update: TrafficCountsFlushedUpdate][] {
    const updates: [string, TrafficCountsFlushedUpdate][] = [];
    for (const [orgId, org] of this.orgs) {
      const counts = [...org.byEventId]
        .filter(([, count]) => count > 0)
        .map(([eventId, count]) => ({ eventId, count }))
        .sort((a, b) => b.count - a.count || (a.eventId < b.eventId ? -1 : 1));
      if (counts.length === 0) continue;
      updates.push([
        orgId,
        {
          from: new Date(org.fromMs).toISOString(),
          to: new Date(org.toMs).toISOString(),
          minutes: org.starts.size,
          total: counts.reduce((sum, { count }) => sum + count, 0),
          counts: counts.slice(0, TRAFFIC_FLUSHED_MAX_EVENT_IDS),
          truncated: Math.max(0, counts.length - TRAFFIC_FLUSHED_MAX_EVENT_IDS),
        },
      ]);
    }
    return updates;
  }
}
