import { type BucketResolution, RESOLUTION_MS } from '../buckets/bucket-query';
import { alignDown } from '../buckets/bucket-time';
import type { PendingIncrement } from '../buckets/pending/pending-bucket.store';
import { seriesKey } from '../buckets/series-key';
import type { ValidEvent } from './event-validation';

type Counts = Map<string, number>;

/**
 * Sums a batch's accepted events per bucket and series, at every resolution: a batch of 1,000
 * events over a few hundred series becomes a few hundred increments per resolution, which is
 * what makes one Redis call per batch affordable. `graceMs` delays each bucket's flush past
 * its end, for late events.
 *
 * An hour whose events all fall in one minute gets that minute's very Map (and a day its one
 * hour's): live traffic is mostly one minute per batch, and the store sends a shared Map once.
 */
export function aggregateBatch(events: readonly ValidEvent[], graceMs: number): PendingIncrement[] {
  const minutes = new Map<number, Counts>();
  for (const event of events) {
    const start = alignDown(event.timestampMs, RESOLUTION_MS.minute);
    let counts = minutes.get(start);
    if (!counts) {
      counts = new Map();
      minutes.set(start, counts);
    }
    const key = seriesKey(event.eventId, event.dimensions);
    counts.set(key, (counts.get(key) ?? 0) + event.count);
  }
  const hours = rollUp(minutes, RESOLUTION_MS.hour);
  const days = rollUp(hours, RESOLUTION_MS.day);

  const increments: PendingIncrement[] = [];
  const add = (resolution: BucketResolution, buckets: Map<number, Counts>) => {
    for (const [startMs, counts] of buckets) {
      increments.push({
        resolution,
        startMs,
        dueAtMs: startMs + RESOLUTION_MS[resolution] + graceMs,
        counts,
      });
    }
  };
  add('minute', minutes);
  add('hour', hours);
  add('day', days);
  return increments;
}

/** The buckets of a coarser width: a lone finer bucket is reused as is, several are summed. */
function rollUp(finer: Map<number, Counts>, widthMs: number): Map<number, Counts> {
  const groups = new Map<number, Counts[]>();
  for (const [start, counts] of finer) {
    const coarse = alignDown(start, widthMs);
    const group = groups.get(coarse);
    if (group) group.push(counts);
    else groups.set(coarse, [counts]);
  }
  const coarser = new Map<number, Counts>();
  for (const [start, group] of groups) {
    if (group.length === 1) {
      coarser.set(start, group[0] as Counts);
      continue;
    }
    const sum: Counts = new Map();
    for (const counts of group) {
      for (const [key, count] of counts) sum.set(key, (sum.get(key) ?? 0) + count);
    }
    coarser.set(start, sum);
  }
  return coarser;
}
