import { getModelToken } from '@nestjs/mongoose';
import {
  DASHBOARD_PATTERNS,
  type DashboardPageDto,
  type IngestResultDto,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import {
  connectClient,
  expectKeyedQuery,
  OrgMessenger,
  startTestService,
  type TestService,
  testTransportPrefix,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import type { Model } from 'mongoose';
import { BucketFlusher } from '../src/buckets/bucket-flusher';
import { BucketRetentionJob } from '../src/buckets/bucket-retention.job';
import { BUCKET_RESOLUTIONS } from '../src/buckets/bucket-query';
import { BUCKET_COLLECTION } from '../src/buckets/bucket.schema';
import { orgTotalsFilter } from '../src/buckets/org-totals/org-totals.repository';
import {
  ORG_TOTALS_MODEL,
  type OrgBucketTotals,
} from '../src/buckets/org-totals/org-totals.schema';
import { DashboardConfigHead } from '../src/dashboard/dashboard-config-head.schema';
import {
  configHeadFilter,
  configVersionFilter,
} from '../src/dashboard/dashboard-config.repository';
import { DashboardConfigService } from '../src/dashboard/dashboard-config.service';
import { DashboardConfigVersion } from '../src/dashboard/dashboard-config.schema';
import { RadSetIndex } from '../src/rad-sets/rad-set-index.schema';
import { radSetFilter, radSetIndexFilter } from '../src/rad-sets/rad-set.repository';
import { RadSet } from '../src/rad-sets/rad-set.schema';
import { RadSetsService } from '../src/rad-sets/rad-sets.service';
import { trafficMonitorService } from '../src/service-definition';
import { seedBuckets } from './support/bucket-seeder';

const HOUR_MS = 3_600_000;

/**
 * What a dashboard request reads: the dashboard config and RAD sets from each replica's memory,
 * checked against a revision in Redis; counts from the per-org totals the flusher keeps, by `_id`.
 */
describe('the dashboard read path', () => {
  let replicas: TestService[];
  let client: RedisStreamsClient;

  beforeAll(async () => {
    // Two replicas of one service: same database, same key prefix (named after this file).
    const env = { TRANSPORT_PREFIX: testTransportPrefix() };
    replicas = [
      await startTestService(trafficMonitorService, { env }),
      await startTestService(trafficMonitorService, { env }),
    ];
    client = await connectClient(replicas[0] as TestService, 'traffic-monitor');
  });

  afterAll(async () => {
    await client?.close();
    await Promise.all((replicas ?? []).map((replica) => replica.close()));
  });

  const replica = (index: number): TestService => replicas[index] as TestService;
  const model = <T>(name: string): Model<T> => replica(0).app.get<Model<T>>(getModelToken(name));

  it('counts flushed events from the per-org totals, not from the bucket collections', async () => {
    const org = new OrgMessenger(client);
    const twoHoursAgo = new Date(Date.now() - 2 * HOUR_MS).toISOString();
    await org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
      events: [
        { eventId: 'read.model.view', timestamp: twoHoursAgo, count: 7 },
        {
          eventId: 'read.model.view',
          timestamp: twoHoursAgo,
          count: 5,
          dimensions: { region: 'eu' },
        },
      ],
    });
    await replica(0).app.get(BucketFlusher).flushNow();
    // Gone from the bucket collections: only the read model still holds the flushed counts.
    const connection = model<RadSet>(RadSet.name).db;
    for (const resolution of BUCKET_RESOLUTIONS) {
      await connection.collection(BUCKET_COLLECTION[resolution]).deleteMany({ orgId: org.orgId });
    }
    // And 3 more, not flushed yet (pending in Redis).
    await org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
      events: [{ eventId: 'read.model.view', timestamp: twoHoursAgo, count: 3 }],
    });

    const page = await org.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, {});

    expect(page.items.map((row) => [row.eventId, row.current])).toEqual([['read.model.view', 15]]);
  });

  it('reads and writes the totals documents by _id alone', async () => {
    const totals = model<OrgBucketTotals>(ORG_TOTALS_MODEL).collection;
    const filter = orgTotalsFilter('org_explained', 'hour', Date.UTC(2026, 10, 20, 12));
    await expectKeyedQuery(totals, { find: filter });
    await expectKeyedQuery(totals, {
      update: filter,
      change: { $inc: { 'counts.a%2Eb': 1 }, $push: { flushes: 'f1' } },
    });
  });

  it('finds the newest dashboard config and its history by _id alone', async () => {
    const versions = model<DashboardConfigVersion>(DashboardConfigVersion.name).collection;
    const heads = model<DashboardConfigHead>(DashboardConfigHead.name).collection;
    await expectKeyedQuery(versions, { find: configVersionFilter('org_explained', 3) });
    await expectKeyedQuery(heads, { find: configHeadFilter('org_explained') });
    await expectKeyedQuery(heads, {
      update: configHeadFilter('org_explained'),
      change: { $max: { version: 3 } },
    });
  });

  it('reads and changes RAD sets and their per-org index by _id alone', async () => {
    const sets = model<RadSet>(RadSet.name).collection;
    const indexes = model<RadSetIndex>(RadSetIndex.name).collection;
    await expectKeyedQuery(indexes, { find: radSetIndexFilter('org_explained') });
    await expectKeyedQuery(indexes, {
      update: radSetIndexFilter('org_explained'),
      change: { $addToSet: { ids: 'rs_1' } },
    });
    await expectKeyedQuery(sets, { find: radSetFilter('rs_1') });
    await expectKeyedQuery(sets, { update: radSetFilter('rs_1'), change: { $set: { name: 'x' } } });
    await expectKeyedQuery(sets, { delete: radSetFilter('rs_1') });
  });

  it('answers a redelivered config change with the version it made, found by _id', async () => {
    const org = new OrgMessenger(client);
    const config = replica(0).app.get(DashboardConfigService);
    const context = { orgId: org.orgId, actor: org.actor, messageId: `m1-${org.orgId}` };
    const made = await config.change(context, { windowHours: 8 });
    await config.change({ ...context, messageId: `m2-${org.orgId}` }, { windowHours: 9 });

    const again = await config.change(context, { windowHours: 8 });

    expect(again).toEqual(made);
    expect((await config.currentSettings(org.orgId)).version).toBe(3);
    await expectKeyedQuery(model<DashboardConfigHead>(DashboardConfigHead.name).collection, {
      update: configHeadFilter(org.orgId),
      change: { $max: { version: 4 }, $push: { messages: { id: 'm3', version: 4 } } },
    });
  });

  it('drops the totals of buckets past retention with the buckets', async () => {
    const org = new OrgMessenger(client);
    const now = new Date();
    const job = replica(0).app.get(BucketRetentionJob);
    const expired = new Date(job.cutoff('hour', now).getTime() - HOUR_MS);
    const kept = new Date(job.cutoff('hour', now).getTime() + HOUR_MS);
    await seedBuckets(replica(0).app, org.orgId, 'hour', [
      { eventId: 'old.event', start: expired, count: 4 },
      { eventId: 'old.event', start: kept, count: 6 },
    ]);
    const totals = model<OrgBucketTotals>(ORG_TOTALS_MODEL);
    const stored = (start: Date) =>
      totals.exists(orgTotalsFilter(org.orgId, 'hour', start.getTime()));

    await job.enforce(now);

    expect(await stored(expired)).toBeNull();
    expect(await stored(kept)).not.toBeNull();
  });

  it('answers the RAD sets from memory, and a change through one replica at once from the other', async () => {
    const org = new OrgMessenger(client);
    const [first, second] = [0, 1].map((index) => replica(index).app.get(RadSetsService)) as [
      RadSetsService,
      RadSetsService,
    ];
    const created = await first.create(
      org.orgId,
      'pro',
      { name: 'Checkout', pattern: 'shop.checkout.*', colour: '#112233' },
      `msg-${org.orgId}`,
    );
    expect((await second.list(org.orgId)).map((set) => set.name)).toEqual(['Checkout']);

    // Changed behind the service's back: the replicas keep answering what they read.
    await model<RadSet>(RadSet.name).updateOne({ _id: created._id }, { $set: { name: 'Behind' } });
    expect((await second.list(org.orgId)).map((set) => set.name)).toEqual(['Checkout']);

    await first.update(org.orgId, created._id, { name: 'Checkout flow' });
    expect((await second.list(org.orgId)).map((set) => set.name)).toEqual(['Checkout flow']);
    await first.delete(org.orgId, created._id);
    expect(await second.list(org.orgId)).toEqual([]);
  });

  it('lists the sets of an org stored before set indexes existed, and those it adds since', async () => {
    const org = new OrgMessenger(client);
    const service = replica(0).app.get(RadSetsService);
    const now = new Date();
    await model<RadSet>(RadSet.name).create({
      _id: `rs_${org.orgId.slice(-12)}`,
      orgId: org.orgId,
      name: 'Older',
      nameKey: 'older',
      pattern: 'old.*',
      colour: '#000000',
      enabled: true,
      priority: 0,
      criticalDropPct: 80,
      warningDropPct: 50,
      minDailyVolume: 100,
      highVolumeLevel: 1000,
      valuePerEvent: 0,
      seeded: false,
      createdAt: now,
      updatedAt: now,
    });

    await service.create(
      org.orgId,
      'pro',
      { name: 'Newer', pattern: 'new.*', colour: '#ffffff' },
      `msg-newer-${org.orgId}`,
    );

    expect((await service.list(org.orgId)).map((set) => set.name)).toEqual(['Newer', 'Older']);
  });

  it('answers the dashboard config from memory, and a change through one replica at once from the other', async () => {
    const org = new OrgMessenger(client);
    const [first, second] = [0, 1].map((index) =>
      replica(index).app.get(DashboardConfigService),
    ) as [DashboardConfigService, DashboardConfigService];
    const context = (messageId: string) => ({ orgId: org.orgId, actor: org.actor, messageId });
    expect((await second.currentSettings(org.orgId)).version).toBe(1);
    await first.change(context(`a-${org.orgId}`), { windowHours: 12 });
    expect(await second.currentSettings(org.orgId)).toMatchObject({
      version: 2,
      settings: { windowHours: 12 },
    });

    // A version stored behind the service's back is not read until the revision changes.
    await model<DashboardConfigVersion>(DashboardConfigVersion.name).create({
      _id: `${org.orgId}:3`,
      orgId: org.orgId,
      version: 3,
      settings: { ...(await second.currentSettings(org.orgId)).settings, windowHours: 6 },
      changedBy: { kind: 'user', id: 'behind' },
      changedAt: new Date(),
      comment: null,
      rolledBackFrom: null,
      messageId: null,
    });
    expect((await second.currentSettings(org.orgId)).version).toBe(2);

    await first.change(context(`b-${org.orgId}`), { windowHours: 3 });
    expect(await second.currentSettings(org.orgId)).toMatchObject({
      version: 4,
      settings: { windowHours: 3 },
    });
  });
});
