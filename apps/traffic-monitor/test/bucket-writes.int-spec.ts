import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import type { Model } from 'mongoose';
import {
  expectKeyedQuery,
  explainQuery,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import { BUCKET_RESOLUTIONS, type BucketResolution } from '../src/buckets/bucket-query';
import {
  type BucketIncrement,
  BucketRepository,
  existingBucketIncrement,
  expiredBuckets,
} from '../src/buckets/bucket.repository';
import { BUCKET_MODEL, type TrafficBucket } from '../src/buckets/bucket.schema';
import { trafficMonitorService } from '../src/service-definition';

describe('bucket writes: keyed on the flush path, idempotent per flush', () => {
  let service: TestService;

  const collection = (resolution: BucketResolution) =>
    service.app.get<Model<TrafficBucket>>(getModelToken(BUCKET_MODEL[resolution])).collection;
  const increment = (count: number, id = `org-${randomUUID()}:bucket`): BucketIncrement => ({
    id,
    orgId: id.split(':')[0] as string,
    eventId: 'checkout.completed',
    dims: {},
    start: new Date(Date.UTC(2026, 10, 30, 12)),
    count,
  });
  const stored = async (resolution: BucketResolution, id: string) =>
    service.app
      .get<Model<TrafficBucket>>(getModelToken(BUCKET_MODEL[resolution]))
      .findById(id)
      .lean();

  beforeAll(async () => {
    // The loop stays out of the way: these tests write through the repository.
    service = await startTestService(trafficMonitorService, {
      env: { INGEST_FLUSH_INTERVAL_MS: '60000' },
    });
  });

  afterAll(async () => {
    await service?.close();
  });

  it.each(BUCKET_RESOLUTIONS)(
    'adds a flush to an existing %s bucket by its _id alone (no scan of the collection)',
    async (resolution) => {
      const { filter, update } = existingBucketIncrement(increment(3), 'flush-1');

      await expectKeyedQuery(collection(resolution), { update: filter, change: update });
    },
  );

  it('counts a flush applied twice at once to existing buckets once', async () => {
    // A flusher that stalled past its shard lock and the replica that took the shard over
    // resume the same in-flight flush together: each bucket must count it once.
    const repository = service.app.get(BucketRepository);
    const first = Array.from({ length: 12 }, () => increment(1));
    await repository.applyFlush('hour', 'flush-a', first);
    const again = first.map((inc) => ({ ...inc, count: 10 }));

    await Promise.all([
      repository.applyFlush('hour', 'flush-b', again),
      repository.applyFlush('hour', 'flush-b', again),
    ]);
    // And once more after both, as a resume after a crash before the DEL would.
    await repository.applyFlush('hour', 'flush-b', again);

    for (const inc of first) {
      const doc = await stored('hour', inc.id);
      expect(doc?.count).toBe(11);
      expect(doc?.flushes).toContain('flush-a');
      expect(doc?.flushes).toContain('flush-b');
    }
  });

  it('stores a later flush to a bucket deleted since (by retention) as a new bucket', async () => {
    const repository = service.app.get(BucketRepository);
    const inc = increment(2);
    await repository.applyFlush('day', 'flush-a', [inc]);
    await collection('day').deleteOne({ _id: inc.id } as never);

    await repository.applyFlush('day', 'flush-b', [inc]);

    expect((await stored('day', inc.id))?.count).toBe(2);
  });

  it("retention's delete by start uses the start index on MongoDB; on FerretDB it scans, hourly", async () => {
    // Decided, not an oversight: FerretDB on SQLite pushes down nothing but `_id` equality, so
    // an expiry by date decodes every bucket. It runs once per RETENTION_JOB_INTERVAL_MS (an
    // hour) on one replica, never on a request or flush path (docs/traffic-ingest.md).
    for (const resolution of BUCKET_RESOLUTIONS) {
      const plan = await explainQuery(collection(resolution), {
        delete: expiredBuckets(new Date()),
      });
      expect(plan.keyed).toBe(plan.store === 'mongodb');
    }
  });
});
