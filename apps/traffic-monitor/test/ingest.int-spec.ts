import { randomUUID } from 'node:crypto';
import { getModelToken } from '@nestjs/mongoose';
import Redis from 'ioredis';
import type { Model } from 'mongoose';
import {
  type BucketFlushResultDto,
  type IngestResultDto,
  TRAFFIC_BUCKETS_FLUSH_PATTERN,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import {
  type BucketResolution,
  type EventDimensions,
  RESOLUTION_MS,
} from '../src/buckets/bucket-query';
import { BucketReader } from '../src/buckets/bucket-reader';
import { BucketRetentionJob } from '../src/buckets/bucket-retention.job';
import { BucketRepository } from '../src/buckets/bucket.repository';
import { BUCKET_MODEL, type TrafficBucket } from '../src/buckets/bucket.schema';
import { alignDown } from '../src/buckets/bucket-time';
import { PendingBucketStore } from '../src/buckets/pending/pending-bucket.store';
import { bucketId, parseSeriesKey } from '../src/buckets/series-key';
import { IngestService } from '../src/ingest/ingest.service';
import { trafficMonitorService } from '../src/service-definition';

const HOUR_MS = RESOLUTION_MS.hour;

interface TestEvent {
  readonly eventId: string;
  readonly timestamp: string | number;
  readonly count?: number;
  readonly dimensions?: EventDimensions;
}

/** Sums events per bucket start of a resolution, as the reader should report them. */
function expectedSums(events: readonly TestEvent[], resolution: BucketResolution) {
  const sums = new Map<number, number>();
  for (const event of events) {
    const at = typeof event.timestamp === 'number' ? event.timestamp : Date.parse(event.timestamp);
    const start = alignDown(at, RESOLUTION_MS[resolution]);
    sums.set(start, (sums.get(start) ?? 0) + (event.count ?? 1));
  }
  return [...sums]
    .sort(([a], [b]) => a - b)
    .map(([start, count]) => ({ start: new Date(start), count }));
}

describe('ingest over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  /** An hour boundary three hours ago: old enough that every bucket it starts is closed. */
  let base: number;

  const ingest = (events: readonly unknown[], idempotencyKey?: string, messenger = org) =>
    messenger.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
      events,
      ...(idempotencyKey ? { idempotencyKey } : {}),
    });
  const at = (offsetMs: number) => new Date(base + offsetMs).toISOString();
  const range = {
    from: () => new Date(base - 2 * RESOLUTION_MS.day),
    to: () => new Date(Date.now() + HOUR_MS),
  };
  const series = (resolution: BucketResolution, eventIds: string[], messenger = org) =>
    service.app
      .get(BucketReader)
      .series(
        { orgId: messenger.orgId, resolution, from: range.from(), to: range.to(), eventIds },
        { fill: false },
      );
  const storedCount = async (resolution: BucketResolution, messenger = org) => {
    const model = service.app.get<Model<TrafficBucket>>(getModelToken(BUCKET_MODEL[resolution]));
    const docs = await model.find({ orgId: messenger.orgId }).lean();
    return docs.reduce((sum, doc) => sum + doc.count, 0);
  };

  beforeAll(async () => {
    // The loop stays out of the way; these tests flush when they mean to.
    service = await startTestService(trafficMonitorService, {
      env: { INGEST_FLUSH_INTERVAL_MS: '60000' },
    });
    client = await connectClient(service, 'traffic-monitor');
  });

  beforeEach(() => {
    org = new OrgMessenger(client);
    base = alignDown(Date.now(), HOUR_MS) - 3 * HOUR_MS;
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('stores exact counts per minute, hour and day, before and after a flush', async () => {
    const events: TestEvent[] = [
      { eventId: 'pandc.feed.impression', timestamp: at(5_000) },
      { eventId: 'pandc.feed.impression', timestamp: at(59_999), count: 4 },
      { eventId: 'pandc.feed.impression', timestamp: base + 60_000, count: 2 },
      { eventId: 'pandc.feed.impression', timestamp: at(HOUR_MS + 1), count: 10 },
      // Matches no RAD set: stored all the same.
      { eventId: 'nobody.knows.this', timestamp: at(30_000), count: 3 },
    ];
    const feed = events.filter((event) => event.eventId === 'pandc.feed.impression');

    const answer = await ingest(events);
    const pending = await series('minute', ['pandc.feed.impression']);
    const summary = await service.app.get(BucketFlusher).flushNow();

    expect(answer).toEqual({ accepted: 5, rejected: 0, errors: [] });
    expect(pending).toEqual(expectedSums(feed, 'minute'));
    expect(summary.documents).toBeGreaterThanOrEqual(9);
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      expect(await series(resolution, ['pandc.feed.impression'])).toEqual(
        expectedSums(feed, resolution),
      );
      expect(await series(resolution, ['nobody.knows.this'])).toEqual(
        expectedSums(events.slice(4), resolution),
      );
      expect(await storedCount(resolution)).toBe(20);
    }
  });

  it('drains every pending bucket, open ones too, on the internal flush message', async () => {
    const now = Date.now();
    await ingest([
      { eventId: 'drained.now', timestamp: now, count: 2 },
      { eventId: 'drained.closed', timestamp: at(0), count: 3 },
    ]);

    const drained = await org.send<BucketFlushResultDto>(TRAFFIC_BUCKETS_FLUSH_PATTERN);

    expect(drained.documents).toBeGreaterThanOrEqual(6);
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      expect(await storedCount(resolution)).toBe(5);
    }
  });

  it('keeps dimension sets apart and filters on them', async () => {
    const reader = service.app.get(BucketReader);
    await ingest([
      {
        eventId: 'exp.impression',
        timestamp: at(1000),
        dimensions: { experiment: 'x', variant: 'a' },
      },
      {
        eventId: 'exp.impression',
        timestamp: at(2000),
        dimensions: { experiment: 'x', variant: 'b' },
        count: 2,
      },
      { eventId: 'exp.impression', timestamp: at(3000), count: 7 },
    ]);
    const query = {
      orgId: org.orgId,
      resolution: 'hour' as const,
      from: range.from(),
      to: range.to(),
    };

    const byVariant = await reader.totalsBy({ ...query, dimensions: { experiment: 'x' } }, [
      'variant',
    ]);
    const withoutDimensions = await reader.read({ ...query, dimensions: { experiment: null } });
    await service.app.get(BucketFlusher).flushNow();
    const byVariantFlushed = await reader.totalsBy({ ...query, dimensions: { experiment: 'x' } }, [
      'variant',
    ]);
    const byGlob = await reader.totalsByEventId({ ...query, eventIdGlob: 'exp.*' });

    const variants = [
      { key: { variant: 'b' }, count: 2 },
      { key: { variant: 'a' }, count: 1 },
    ];
    expect(byVariant).toEqual(variants);
    expect(byVariantFlushed).toEqual(variants);
    expect(withoutDimensions).toEqual([
      { eventId: 'exp.impression', dimensions: {}, start: new Date(base), count: 7 },
    ]);
    expect(byGlob).toEqual([{ eventId: 'exp.impression', count: 10 }]);
  });

  it('refuses bad events one by one with their index and reason', async () => {
    const now = Date.now();
    const answer = await ingest([
      { eventId: 'ok.event', timestamp: now },
      { eventId: 'bad id with spaces', timestamp: now },
      { eventId: 'ok.event', timestamp: now - 15 * RESOLUTION_MS.day },
      { eventId: 'ok.event', timestamp: now + HOUR_MS },
      { eventId: 'ok.event', timestamp: 'yesterday' },
      { eventId: 'ok.event', timestamp: now, count: 0 },
      { eventId: 'ok.event', timestamp: now, dimensions: { colour: 'red' } },
      { eventId: 'ok.event', timestamp: now, extra: true },
      { eventId: 'ok.event', timestamp: new Date(now).toISOString(), count: 2 },
    ]);
    await service.app.get(BucketFlusher).flushNow();

    expect(answer.accepted).toBe(2);
    expect(answer.rejected).toBe(7);
    expect(answer.errors.map(({ index, reason }) => ({ index, reason }))).toEqual([
      { index: 1, reason: 'invalid_event_id' },
      { index: 2, reason: 'too_old' },
      { index: 3, reason: 'too_far_in_future' },
      { index: 4, reason: 'invalid_timestamp' },
      { index: 5, reason: 'invalid_count' },
      { index: 6, reason: 'invalid_dimensions' },
      { index: 7, reason: 'unknown_field' },
    ]);
    expect(answer.errors[1]?.message).toBe('timestamp is older than the 14-day retention');
    expect(await storedCount('minute')).toBe(3);
  });

  it('counts ingested and refused events in the Prometheus metrics', async () => {
    const scrape = async () => {
      const text = await (await service.opsFetch('/metrics')).text();
      const value = (series: string) =>
        Number(
          new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\d+)$`, 'm').exec(text)?.[1] ?? 0,
        );
      return {
        ingested: value('vantage_events_ingested_total'),
        tooOld: value('vantage_events_rejected_total{reason="too_old"}'),
        stored: value('vantage_ingest_batches_total{outcome="stored"}'),
        replayed: value('vantage_ingest_batches_total{outcome="replayed"}'),
      };
    };
    const key = randomUUID();
    const batch = [
      { eventId: 'metered', timestamp: at(0), count: 7 },
      { eventId: 'metered', timestamp: at(0) },
      { eventId: 'metered', timestamp: Date.now() - 20 * RESOLUTION_MS.day },
    ];
    const before = await scrape();

    await ingest(batch, key);
    await ingest(batch, key);
    const after = await scrape();

    // Events, not counts: the `count` field of an event does not multiply it here.
    expect(after.ingested - before.ingested).toBe(2);
    expect(after.tooOld - before.tooOld).toBe(1);
    expect(after.stored - before.stored).toBe(1);
    expect(after.replayed - before.replayed).toBe(1);
  });

  it('refuses a batch that is not an array of objects as a whole', async () => {
    const failure = await org.failure(TRAFFIC_INGEST_PATTERN, { events: ['not an object'] });
    const tooMany = await org.failure(TRAFFIC_INGEST_PATTERN, {
      events: Array.from({ length: 5001 }, () => ({ eventId: 'a', timestamp: base })),
    });

    expect(failure).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(tooMany).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('counts a batch sent twice with one Idempotency-Key once, and answers the same', async () => {
    const key = randomUUID();
    const batch = [
      { eventId: 'retry.me', timestamp: at(1000), count: 5 },
      { eventId: 'bad id', timestamp: at(1000) },
    ];

    const first = await ingest(batch, key);
    const second = await ingest(batch, key);
    const otherKey = await ingest(batch, randomUUID());
    await service.app.get(BucketFlusher).flushNow();

    expect(second).toEqual(first);
    expect(first).toMatchObject({ accepted: 1, rejected: 1 });
    expect(otherKey).toEqual(first);
    expect(await series('minute', ['retry.me'])).toEqual([{ start: new Date(base), count: 10 }]);
  });

  it('stores a bounded answer for a batch of thousands of refused events', async () => {
    const key = randomUUID();
    const batch = Array.from({ length: 5000 }, (_, n) => ({
      eventId: `bad id number ${n}`,
      timestamp: at(0),
    }));

    const first = await ingest(batch, key);
    const replayed = await ingest(batch, key);

    // The caller hears about every refused event once; what is kept for 24 h is bounded.
    expect(first).toMatchObject({ accepted: 0, rejected: 5000 });
    expect(first.errors).toHaveLength(5000);
    expect(replayed).toEqual({
      accepted: 0,
      rejected: 5000,
      errors: first.errors.slice(0, 20),
      errorsOmitted: 4980,
    });
    const redis = new Redis(service.config.REDIS_URL);
    try {
      const store = service.app.get(PendingBucketStore);
      const stored = await redis.strlen(store.keys.idempotency(org.orgId, `k:${key}`));
      expect(stored).toBeGreaterThan(0);
      expect(stored).toBeLessThan(4096);
    } finally {
      redis.disconnect();
    }
  });

  it('refuses an Idempotency-Key reused for a different batch', async () => {
    const key = randomUUID();
    await ingest([{ eventId: 'a.b', timestamp: at(0) }], key);

    const failure = await org.failure(TRAFFIC_INGEST_PATTERN, {
      events: [{ eventId: 'a.b', timestamp: at(0), count: 2 }],
      idempotencyKey: key,
    });

    expect(failure).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(await series('minute', ['a.b'])).toEqual([{ start: new Date(base), count: 1 }]);
  });

  it("keeps one organisation's Idempotency-Key and counts away from another", async () => {
    const other = new OrgMessenger(client);
    const key = randomUUID();
    await ingest([{ eventId: 'shared.name', timestamp: at(0) }], key);
    await ingest([{ eventId: 'shared.name', timestamp: at(0) }], key, other);

    expect(await series('hour', ['shared.name'])).toEqual([{ start: new Date(base), count: 1 }]);
    expect(await series('hour', ['shared.name'], other)).toEqual([
      { start: new Date(base), count: 1 },
    ]);
  });

  it('counts a message redelivered after a crash once, even without an Idempotency-Key', async () => {
    const ingestService = service.app.get(IngestService);
    const message = { events: [{ eventId: 'redelivered', timestamp: at(0), count: 3 }] };

    const first = await ingestService.ingest(org.orgId, message, 'message-1');
    const redelivered = await ingestService.ingest(org.orgId, message, 'message-1');
    const another = await ingestService.ingest(org.orgId, message, 'message-2');

    expect(redelivered).toEqual(first);
    expect(another).toEqual(first);
    expect(await series('minute', ['redelivered'])).toEqual([{ start: new Date(base), count: 6 }]);
  });

  it('adds late events to a bucket already flushed', async () => {
    const flusher = service.app.get(BucketFlusher);
    await ingest([{ eventId: 'late.one', timestamp: at(1000), count: 2 }]);
    await flusher.flushNow();
    await ingest([{ eventId: 'late.one', timestamp: at(2000), count: 5 }]);
    await flusher.flushNow();

    for (const resolution of ['minute', 'hour', 'day'] as const) {
      expect(await series(resolution, ['late.one'])).toEqual([
        { start: new Date(alignDown(base, RESOLUTION_MS[resolution])), count: 7 },
      ]);
      expect(await storedCount(resolution)).toBe(7);
    }
  });

  it("deletes only buckets past their resolution's retention", async () => {
    const repository = service.app.get(BucketRepository);
    const now = new Date();
    // Minute-aligned: 0.01 day is 14.4 minutes, so "kept" stays kept at any time of the hour.
    const daysAgo = (days: number) =>
      new Date(alignDown(now.getTime(), RESOLUTION_MS.minute) - days * RESOLUTION_MS.day);
    const seed = (resolution: BucketResolution, eventId: string, start: Date) =>
      repository.applyFlush(resolution, `seed-${randomUUID()}`, [
        { id: randomUUID(), orgId: org.orgId, eventId, dims: {}, start, count: 1 },
      ]);
    await seed('minute', 'expired', daysAgo(14.01));
    await seed('minute', 'kept', daysAgo(13.99));
    await seed('hour', 'expired', daysAgo(400.01));
    await seed('hour', 'kept', daysAgo(399.99));
    await seed('day', 'expired', daysAgo(1826.01));
    await seed('day', 'kept', daysAgo(1825.99));

    const deleted = await service.app.get(BucketRetentionJob).enforce(now);

    // At least: the job deletes across organisations, and this database outlives a run, so the
    // "kept" buckets of an earlier run may have expired since.
    expect(deleted.minute).toBeGreaterThanOrEqual(1);
    expect(deleted.hour).toBeGreaterThanOrEqual(1);
    expect(deleted.day).toBeGreaterThanOrEqual(1);
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      const model = service.app.get<Model<TrafficBucket>>(getModelToken(BUCKET_MODEL[resolution]));
      const left = await model.find({ orgId: org.orgId }).lean();
      expect(left.map((doc) => doc.eventId)).toEqual(['kept']);
    }
  });

  describe('a flush interrupted by a crash', () => {
    /** Does what a flusher does up to the MongoDB write (or part of it), then "dies". */
    async function flushWithoutFinishing(share: number): Promise<void> {
      const store = service.app.get(PendingBucketStore);
      const shard = store.keys.shardOf(org.orgId);
      const members = await store.dueMembers(shard, Number.POSITIVE_INFINITY, 1000);
      for (const member of members.filter((m) => m.orgId === org.orgId)) {
        expect(await store.claim(member)).toBe(true);
        const part = await store.readFlushing(member);
        if (!part) throw new Error('claimed hash vanished');
        const increments = [...part.counts].map(([key, count]) => {
          const { eventId, dimensions } = parseSeriesKey(key);
          return {
            id: bucketId(member.orgId, member.startMs, key),
            orgId: member.orgId,
            eventId,
            dims: dimensions,
            start: new Date(member.startMs),
            count,
          };
        });
        const written = increments.slice(0, Math.ceil(increments.length * share));
        await service.app
          .get(BucketRepository)
          .applyFlush(member.resolution, part.flushId, written);
      }
    }

    const batch = (): TestEvent[] =>
      Array.from({ length: 30 }, (_, i) => ({
        eventId: `crash.event.${i % 6}`,
        timestamp: at(i * 7_000),
        count: i + 1,
      }));
    const total = 465; // 1 + 2 + ... + 30

    it('does not count twice when it crashed after the MongoDB write and before the DEL', async () => {
      const events = batch();
      await ingest(events);
      await flushWithoutFinishing(1);

      const whileInterrupted = await storedCount('minute');
      const readWhileInterrupted = await service.app
        .get(BucketReader)
        .totalsBy(
          { orgId: org.orgId, resolution: 'minute', from: range.from(), to: range.to() },
          [],
        );
      await service.app.get(BucketFlusher).flushNow();

      expect(whileInterrupted).toBe(total);
      expect(readWhileInterrupted).toEqual([{ key: {}, count: total }]);
      for (const resolution of ['minute', 'hour', 'day'] as const) {
        expect(await storedCount(resolution)).toBe(total);
        expect(
          await series(
            resolution,
            events.map((e) => e.eventId),
          ),
        ).toEqual(expectedSums(events, resolution));
      }
    });

    it('loses nothing when it crashed halfway through the MongoDB write', async () => {
      await ingest(batch());
      await flushWithoutFinishing(0.5);
      // New events for the same buckets arrive while the interrupted flush is pending.
      await ingest([{ eventId: 'crash.event.0', timestamp: at(0), count: 100 }]);

      const read = await service.app
        .get(BucketReader)
        .totalsBy({ orgId: org.orgId, resolution: 'hour', from: range.from(), to: range.to() }, []);
      await service.app.get(BucketFlusher).flushNow();

      expect(read).toEqual([{ key: {}, count: total + 100 }]);
      for (const resolution of ['minute', 'hour', 'day'] as const) {
        expect(await storedCount(resolution)).toBe(total + 100);
      }
    });
  });
});

describe('ingest on two replicas', () => {
  let replicas: TestService[];
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  const prefix = `t-ingest-replicas-${randomUUID().slice(0, 6)}`;

  beforeAll(async () => {
    // Same key prefix and database: two replicas of one service, each running its flush loop.
    const env = { TRANSPORT_PREFIX: prefix, INGEST_FLUSH_INTERVAL_MS: '200', INGEST_SHARDS: '4' };
    replicas = await Promise.all([
      startTestService(trafficMonitorService, { env }),
      startTestService(trafficMonitorService, { env }),
    ]);
    client = await connectClient(replicas[0] as TestService, 'traffic-monitor');
  });

  beforeEach(() => {
    org = new OrgMessenger(client);
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all((replicas ?? []).map((replica) => replica.close()));
  });

  const hourAgo = () => alignDown(Date.now(), HOUR_MS) - HOUR_MS;
  const total = async (resolution: BucketResolution) => {
    const rows = await (replicas[1] as TestService).app.get(BucketReader).totalsBy(
      {
        orgId: org.orgId,
        resolution,
        from: new Date(hourAgo() - RESOLUTION_MS.day),
        to: new Date(Date.now() + HOUR_MS),
      },
      [],
    );
    return rows[0]?.count ?? 0;
  };

  it('counts concurrent copies of one batch once, whichever replica takes each', async () => {
    const key = randomUUID();
    const events = Array.from({ length: 200 }, (_, i) => ({
      eventId: `dup.${i % 20}`,
      timestamp: hourAgo() + i * 1000,
    }));

    const answers = await Promise.all(
      Array.from({ length: 8 }, () =>
        org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, { events, idempotencyKey: key }),
      ),
    );
    await (replicas[0] as TestService).app.get(BucketFlusher).flushNow();

    expect(new Set(answers.map((answer) => JSON.stringify(answer))).size).toBe(1);
    expect(answers[0]).toMatchObject({ accepted: 200, rejected: 0 });
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      expect(await total(resolution)).toBe(200);
    }
  });

  it('counts every batch exactly once while both replicas consume and flush', async () => {
    const batches = Array.from({ length: 40 }, (_, b) =>
      Array.from({ length: 50 }, (_, i) => ({
        eventId: `busy.${(b * 50 + i) % 37}`,
        timestamp: hourAgo() + ((b * 50 + i) % 3600) * 1000,
        count: (i % 3) + 1,
      })),
    );
    const expected = batches.flat().reduce((sum, event) => sum + event.count, 0);

    const answers = await Promise.all(
      batches.map((events) => org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, { events })),
    );
    // Both flush loops run meanwhile; flushNow on each finishes what they left.
    await Promise.all(replicas.map((replica) => replica.app.get(BucketFlusher).flushNow()));

    expect(answers.every((answer) => answer.accepted === 50)).toBe(true);
    for (const resolution of ['minute', 'hour', 'day'] as const) {
      expect(await total(resolution)).toBe(expected);
    }
  });
});
