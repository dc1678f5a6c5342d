import { randomUUID } from 'node:crypto';
import type { INestApplicationContext } from '@nestjs/common';
import { ActiveOrgsStore } from '../../src/buckets/active-orgs.store';
import type { BucketResolution, EventDimensions } from '../../src/buckets/bucket-query';
import { type BucketIncrement, BucketRepository } from '../../src/buckets/bucket.repository';
import { OrgTotalsRepository } from '../../src/buckets/org-totals/org-totals.repository';
import { EventIdCatalogue } from '../../src/event-ids/event-id-catalogue';

export interface SeedCount {
  readonly eventId: string;
  readonly start: Date;
  readonly count: number;
  readonly dimensions?: EventDimensions;
}

/**
 * Writes counts straight into the stored buckets through the bucket repository's flush path,
 * and catalogues their event ids and marks the org as flushed as the flusher does: history
 * older than ingestion accepts (a 21-day baseline) can only be seeded this way.
 */
export async function seedBuckets(
  app: INestApplicationContext,
  orgId: string,
  resolution: BucketResolution,
  counts: readonly SeedCount[],
): Promise<void> {
  const increments: BucketIncrement[] = counts.map((seed) => {
    const dims = seed.dimensions ?? {};
    return {
      id: `${orgId}|${seed.eventId}|${JSON.stringify(dims)}|${seed.start.toISOString()}`,
      orgId,
      eventId: seed.eventId,
      dims,
      start: seed.start,
      count: seed.count,
    };
  });
  const flushId = `seed-${randomUUID()}`;
  await app.get(BucketRepository).applyFlush(resolution, flushId, increments);
  // The dashboard's read model, as the flusher keeps it (one document per bucket start).
  const byStart = new Map<number, BucketIncrement[]>();
  for (const increment of increments) {
    const startMs = increment.start.getTime();
    const ofStart = byStart.get(startMs) ?? [];
    ofStart.push(increment);
    byStart.set(startMs, ofStart);
  }
  for (const [startMs, ofStart] of byStart) {
    await app.get(OrgTotalsRepository).add(orgId, resolution, startMs, flushId, ofStart);
  }
  await app.get(EventIdCatalogue).record(orgId, [...new Set(counts.map((seed) => seed.eventId))]);
  // The flusher's mark that the org's counts changed: the alert evaluator judges them again.
  await app.get(ActiveOrgsStore).touch([orgId], Date.now());
}

const DAY_MS = 86_400_000;

/** The UTC day `daysBefore` days before `day` (a midnight). */
export function dayBefore(day: Date, daysBefore: number): Date {
  return new Date(day.getTime() - daysBefore * DAY_MS);
}

/** One count per day for `days` days ending the day before `end` (exclusive). */
export function dailySeries(
  eventId: string,
  end: Date,
  days: number,
  count: number,
  dimensions?: EventDimensions,
): SeedCount[] {
  return Array.from({ length: days }, (_, index) => ({
    eventId,
    start: dayBefore(end, days - index),
    count,
    ...(dimensions ? { dimensions } : {}),
  }));
}
