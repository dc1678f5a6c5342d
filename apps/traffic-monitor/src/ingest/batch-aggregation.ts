import { BUCKET_RESOLUTIONS, RESOLUTION_MS } from '../buckets/bucket-query';
import { alignDown } from '../buckets/bucket-time';
import type { PendingIncrement } from '../buckets/pending/pending-bucket.store';
import { seriesKey } from '../buckets/series-key';
import type { ValidEvent } from './event-validation';

/**
 * Sums a batch's accepted events per bucket and series, at every resolution: a batch of 1,000
 * events over a few hundred series becomes a few hundred increments per resolution, which is
 * what makes one Redis call per batch affordable. `graceMs` delays each bucket's flush past
 * its end, for late events.
 */
export function aggregateBatch(events: readonly ValidEvent[], graceMs: number): PendingIncrement[] {
  const buckets = new Map<
    string,
    {
      startMs: number;
      resolution: (typeof BUCKET_RESOLUTIONS)[number];
      counts: Map<string, number>;
    }
  >();
  // One series key per event, reused for the three resolutions.
  for (const event of events) {
    const key = seriesKey(event.eventId, event.dimensions);
    for (const resolution of BUCKET_RESOLUTIONS) {
      const startMs = alignDown(event.timestampMs, RESOLUTION_MS[resolution]);
      const id = `${resolution}:${startMs}`;
      let bucket = buckets.get(id);
      if (!bucket) {
        bucket = { startMs, resolution, counts: new Map() };
        buckets.set(id, bucket);
      }
      bucket.counts.set(key, (bucket.counts.get(key) ?? 0) + event.count);
    }
  }
  return [...buckets.values()].map((bucket) => ({
    resolution: bucket.resolution,
    startMs: bucket.startMs,
    dueAtMs: bucket.startMs + RESOLUTION_MS[bucket.resolution] + graceMs,
    counts: bucket.counts,
  }));
}
