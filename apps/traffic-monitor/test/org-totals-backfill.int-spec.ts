import { randomBytes, randomUUID } from 'node:crypto';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startTestService, type TestService } from '@vantage/service-runtime/testing';
import {
  BUCKET_RESOLUTIONS,
  type BucketResolution,
  RESOLUTION_MS,
} from '../src/buckets/bucket-query';
import { type BucketIncrement, BucketRepository } from '../src/buckets/bucket.repository';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import {
  ORG_TOTALS_BACKFILL,
  OrgTotalsBackfill,
} from '../src/buckets/org-totals/org-totals-backfill';
import { PendingBucketStore } from '../src/buckets/pending/pending-bucket.store';
import { OrgTotalsRepository } from '../src/buckets/org-totals/org-totals.repository';
import { bucketId, seriesKey } from '../src/buckets/series-key';
import { trafficMonitorService } from '../src/service-definition';

const DAY_MS = RESOLUTION_MS.day;

describe('backfill of traffic_org_totals from buckets stored before the read model', () => {
  // Its own database: the marker it writes would make a later run of this file skip.
  const env = {
    INGEST_FLUSH_INTERVAL_MS: '60000',
    MONGO_DB: `test_org_totals_backfill_${randomBytes(4).toString('hex')}`,
  };
  let service: TestService;
  const now = new Date();

  const get = <T>(type: new (...args: never[]) => T): T => service.app.get(type);
  /** Buckets written the old way: bucket documents only, no totals document. */
  const oldFlush = async (
    orgId: string,
    resolution: BucketResolution,
    startMs: number,
    flushId: string,
    counts: Record<string, number>,
    region = 'eu',
  ): Promise<BucketIncrement[]> => {
    const start = new Date(startMs);
    const increments = Object.entries(counts).map(([eventId, count]) => ({
      id: bucketId(orgId, startMs, `${eventId}|${region}`),
      orgId,
      eventId,
      dims: { region },
      start,
      count,
    }));
    await get(BucketRepository).applyFlush(resolution, flushId, increments);
    return increments;
  };
  /** A flush since the upgrade, as the flusher writes it: buckets, then the totals. */
  const newFlush = async (
    orgId: string,
    resolution: BucketResolution,
    startMs: number,
    flushId: string,
    counts: Record<string, number>,
    region = 'eu',
  ): Promise<void> => {
    const increments = await oldFlush(orgId, resolution, startMs, flushId, counts, region);
    await get(OrgTotalsRepository).add(orgId, resolution, startMs, flushId, increments);
  };
  const totalsOf = async (orgId: string, resolution: BucketResolution, startMs: number) => {
    const [doc] = await get(OrgTotalsRepository).read(orgId, resolution, [startMs]);
    return doc ? Object.fromEntries(doc.counts) : undefined;
  };
  const aligned = (resolution: BucketResolution, agoMs: number) =>
    Math.floor((now.getTime() - agoMs) / RESOLUTION_MS[resolution]) * RESOLUTION_MS[resolution];

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: { ...env, ORG_TOTALS_BACKFILL: 'false' },
    });
  });

  afterAll(async () => {
    await service?.app.get<Connection>(getConnectionToken()).dropDatabase();
    await service?.close();
  });

  it('rebuilds each kept bucket start of every org with the counts its buckets add up to', async () => {
    const orgs = [`org-${randomUUID()}`, `org-${randomUUID()}`];
    const starts = Object.fromEntries(
      BUCKET_RESOLUTIONS.map((resolution) => [resolution, aligned(resolution, 2 * DAY_MS)]),
    ) as Record<BucketResolution, number>;
    for (const [n, orgId] of orgs.entries()) {
      for (const resolution of BUCKET_RESOLUTIONS) {
        const startMs = starts[resolution];
        await oldFlush(orgId, resolution, startMs, `old-${n}-a`, { 'a.click': 2, 'a.view': 5 });
        await oldFlush(orgId, resolution, startMs, `old-${n}-b`, { 'a.click': 3 }, 'us');
        await oldFlush(orgId, resolution, startMs, `old-${n}-c`, { 'a.click': n + 1 });
      }
    }
    // Older than the minute retention (14 days): retention deletes it, the backfill leaves it.
    const expired = aligned('minute', 20 * DAY_MS);
    await oldFlush(orgs[0] as string, 'minute', expired, 'old-expired', { 'a.click': 9 });

    await get(OrgTotalsBackfill).run(now);

    for (const [n, orgId] of orgs.entries()) {
      for (const resolution of BUCKET_RESOLUTIONS) {
        expect(await totalsOf(orgId, resolution, starts[resolution])).toEqual({
          'a.click': 2 + 3 + n + 1,
          'a.view': 5,
        });
      }
    }
    expect(await totalsOf(orgs[0] as string, 'minute', expired)).toBeUndefined();
  });

  it('adds nothing when run again', async () => {
    const orgId = `org-${randomUUID()}`;
    const startMs = aligned('hour', 3 * DAY_MS);
    await oldFlush(orgId, 'hour', startMs, 'old-a', { 'b.click': 4 });

    await get(OrgTotalsBackfill).run(now);
    await get(OrgTotalsBackfill).run(now);

    expect(await totalsOf(orgId, 'hour', startMs)).toEqual({ 'b.click': 4 });
  });

  it('keeps documents written by flushes since the upgrade, and completes the bucket that was in progress', async () => {
    const orgId = `org-${randomUUID()}`;
    // Flushed only since the upgrade: the flusher wrote its document, which must not double.
    const afterUpgrade = aligned('hour', 2 * RESOLUTION_MS.hour);
    await newFlush(orgId, 'hour', afterUpgrade, 'new-1', { 'c.click': 7 });
    // In progress at the upgrade: older buckets, then a flush that wrote a document of its own.
    const inProgress = aligned('hour', RESOLUTION_MS.hour);
    await oldFlush(orgId, 'hour', inProgress, 'old-1', { 'c.click': 10, 'c.view': 1 });
    await newFlush(orgId, 'hour', inProgress, 'new-2', { 'c.click': 5 }, 'us');
    expect(await totalsOf(orgId, 'hour', inProgress)).toEqual({ 'c.click': 5 });

    const summary = await get(OrgTotalsBackfill).run(now);

    expect(await totalsOf(orgId, 'hour', afterUpgrade)).toEqual({ 'c.click': 7 });
    expect(await totalsOf(orgId, 'hour', inProgress)).toEqual({ 'c.click': 15, 'c.view': 1 });
    expect(summary.recomputed).toBeGreaterThanOrEqual(1);
    // A flush resumed after the rebuild (it crashed before dropping its pending hash) and the
    // next flush: the first is in the rebuilt counts already, the second is added.
    await get(OrgTotalsRepository).add(orgId, 'hour', inProgress, 'new-2', [
      { eventId: 'c.click', count: 5 },
    ]);
    await newFlush(orgId, 'hour', inProgress, 'new-3', { 'c.view': 2 });
    expect(await totalsOf(orgId, 'hour', inProgress)).toEqual({ 'c.click': 15, 'c.view': 3 });
  });

  it('leaves a bucket start with a flush in flight to the flusher, and is not done until it is rebuilt', async () => {
    const orgId = `org-${randomUUID()}`;
    const startMs = aligned('hour', 2 * DAY_MS);
    await oldFlush(orgId, 'hour', startMs, 'old-1', { 'e.click': 4 });
    // A flush since the upgrade that crashed after its buckets, before its totals.
    const store = get(PendingBucketStore);
    const key = seriesKey('e.click', {});
    await store.recordBatch({
      orgId,
      idempotencyKey: randomUUID(),
      record: '{}',
      ttlMs: 60_000,
      newFlushId: 'crashed-1',
      increments: [{ resolution: 'hour', startMs, dueAtMs: startMs, counts: new Map([[key, 3]]) }],
    });
    const member = { orgId, resolution: 'hour' as const, startMs };
    expect(await store.claim(member)).toBe(true);
    const part = await store.readFlushing(member);
    await get(BucketRepository).applyFlush('hour', part?.flushId as string, [
      {
        id: bucketId(orgId, startMs, key),
        orgId,
        eventId: 'e.click',
        dims: {},
        start: new Date(startMs),
        count: 3,
      },
    ]);

    const first = await get(OrgTotalsBackfill).runOnce(now);

    expect(first).toMatchObject({ status: 'done', summary: { deferred: 1 } });
    expect(await totalsOf(orgId, 'hour', startMs)).toBeUndefined();
    expect(await get(OrgTotalsRepository).migrationDoneAt(ORG_TOTALS_BACKFILL)).toBeNull();

    // The flusher resumes it (its totals document holds that flush only); the next run
    // completes the document from the buckets, and a second resume adds nothing.
    await get(BucketFlusher).flushNow();
    expect(await totalsOf(orgId, 'hour', startMs)).toEqual({ 'e.click': 3 });
    expect(await get(OrgTotalsBackfill).run(now)).toMatchObject({ deferred: 0 });
    expect(await totalsOf(orgId, 'hour', startMs)).toEqual({ 'e.click': 7 });
    await get(OrgTotalsRepository).add(orgId, 'hour', startMs, part?.flushId as string, [
      { eventId: 'e.click', count: 3 },
    ]);
    expect(await totalsOf(orgId, 'hour', startMs)).toEqual({ 'e.click': 7 });
  });

  it('records its completion, so a later start skips it', async () => {
    const orgId = `org-${randomUUID()}`;
    const startMs = aligned('day', 4 * DAY_MS);
    await oldFlush(orgId, 'day', startMs, 'old-a', { 'd.click': 1 });

    expect(await get(OrgTotalsBackfill).runOnce(now)).toMatchObject({ status: 'done' });
    expect(await totalsOf(orgId, 'day', startMs)).toEqual({ 'd.click': 1 });

    // Buckets without totals again: a start that ran the backfill would rebuild them.
    const laterStart = aligned('day', 5 * DAY_MS);
    await oldFlush(orgId, 'day', laterStart, 'old-b', { 'd.click': 2 });
    const restarted = await startTestService(trafficMonitorService, { env });
    try {
      expect(await restarted.app.get(OrgTotalsBackfill).startupOutcome()).toEqual({
        status: 'skipped',
        reason: 'done before',
      });
    } finally {
      await restarted.close();
    }
    expect(await totalsOf(orgId, 'day', laterStart)).toBeUndefined();
  });
});
