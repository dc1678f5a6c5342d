import { Module } from '@nestjs/common';
import { getModelToken, MongooseModule } from '@nestjs/mongoose';
import { Test, TestingModule } from '@nestjs/testing';
import type { Model } from 'mongoose';
import type { Plan } from '@vantage/contracts';
import { createLogger } from '@vantage/observability';
import { freePort } from '@vantage/observability/testing';
import {
  RedisLocks,
  SERVICE_CONFIG,
  SERVICE_IDENTITY,
  SERVICE_LOGGER,
  type ServiceDefinition,
} from '@vantage/service-runtime';
import {
  requiredTestEnv,
  startTestService,
  testDatabaseName,
  testTransportPrefix,
} from '@vantage/service-runtime/testing';
import { randomBytes } from 'node:crypto';
import { AppModule } from '../src/app.module';
import type { GatewayConfig } from '../src/config/gateway.config';
import { Organization, OrganizationSchema } from '../src/identity/identity.schemas';
import {
  ORG_PLAN_CACHE_SETTINGS,
  OrgPlanCache,
  type OrgPlanCacheSettings,
} from '../src/rate-limit/org-plan.cache';
import { gatewayService } from '../src/service-definition';
import type { Gateway } from './support/gateway-api';

const TTL_MS = 60_000;

describe('the org plan cache over MongoDB', () => {
  let moduleRef: TestingModule;
  let orgs: Model<Organization>;
  let cache: OrgPlanCache;
  let clock = 1_000_000;

  beforeAll(async () => {
    const settings: Partial<OrgPlanCacheSettings> = {
      ttlMs: TTL_MS,
      maxEntries: 3,
      now: () => clock,
    };
    moduleRef = await Test.createTestingModule({
      imports: [
        MongooseModule.forRoot(requiredTestEnv('MONGO_URL'), { dbName: testDatabaseName() }),
        MongooseModule.forFeature([{ name: Organization.name, schema: OrganizationSchema }]),
      ],
      providers: [
        OrgPlanCache,
        {
          provide: SERVICE_LOGGER,
          useValue: createLogger({ service: 'gateway', level: 'silent' }),
        },
        { provide: ORG_PLAN_CACHE_SETTINGS, useValue: settings },
        // Plan changes are written under the org's lock (RedisLocks), in the test's key space.
        RedisLocks,
        {
          provide: SERVICE_CONFIG,
          useValue: {
            REDIS_URL: requiredTestEnv('REDIS_URL'),
            TRANSPORT_PREFIX: testTransportPrefix(),
          },
        },
        { provide: SERVICE_IDENTITY, useValue: { service: 'gateway', instanceId: 'plan-cache' } },
      ],
    }).compile();
    await moduleRef.init();
    orgs = moduleRef.get(getModelToken(Organization.name));
    cache = moduleRef.get(OrgPlanCache);
  });

  afterAll(async () => {
    await moduleRef?.close();
  });

  async function createOrg(plan: Plan, planChangedAt = new Date(0)): Promise<string> {
    const id = `org_${randomBytes(6).toString('hex')}`;
    await orgs.create({ _id: id, name: id, plan, planChangedAt, createdAt: new Date() });
    return id;
  }

  const setPlanBehindTheCachesBack = (id: string, plan: Plan) =>
    orgs.updateOne({ _id: id }, { $set: { plan } }).exec();

  it("reads an org's plan and keeps it for the TTL", async () => {
    const id = await createOrg('pro');
    expect(await cache.planOf(id)).toBe('pro');

    await setPlanBehindTheCachesBack(id, 'enterprise');
    clock += TTL_MS - 1;
    expect(await cache.planOf(id)).toBe('pro');

    clock += 1;
    expect(await cache.planOf(id)).toBe('enterprise');
  });

  it('gives an org MongoDB does not know the free plan', async () => {
    expect(await cache.planOf('org_nobody')).toBe('free');
  });

  it('forgets the least recently used org when full', async () => {
    const [a, b, c, d] = [
      await createOrg('pro'),
      await createOrg('pro'),
      await createOrg('pro'),
      await createOrg('pro'),
    ] as [string, string, string, string];
    for (const id of [a, b, c]) await cache.planOf(id);
    await cache.planOf(a); // a is now the most recently used, b the least
    for (const id of [a, b]) await setPlanBehindTheCachesBack(id, 'enterprise');

    await cache.planOf(d); // evicts b

    expect(await cache.planOf(a)).toBe('pro');
    expect(await cache.planOf(b)).toBe('enterprise');
  });

  it('applies a plan change at once and saves it in the org document', async () => {
    const id = await createOrg('free');
    expect(await cache.planOf(id)).toBe('free');
    const changedAt = new Date('2026-03-01T10:00:00.000Z');

    expect(await cache.applyPlanChange({ orgId: id, plan: 'enterprise', changedAt })).toBe(
      'applied',
    );

    expect(await cache.planOf(id)).toBe('enterprise');
    expect(await orgs.findById(id).lean().exec()).toMatchObject({
      plan: 'enterprise',
      planChangedAt: changedAt,
    });
  });

  it('ignores a change older than the one it knows, in the cache and in the document', async () => {
    const changedAt = new Date('2026-03-01T10:00:00.000Z');
    const id = await createOrg('pro', changedAt);
    expect(await cache.planOf(id)).toBe('pro');

    const outcome = await cache.applyPlanChange({
      orgId: id,
      plan: 'free',
      changedAt: new Date(changedAt.getTime() - 1000),
    });

    expect(outcome).toBe('stale');
    expect(await cache.planOf(id)).toBe('pro');
    expect(await orgs.findById(id).lean().exec()).toMatchObject({
      plan: 'pro',
      planChangedAt: changedAt,
    });
  });

  it('does not let a late change overwrite a newer document it had not cached', async () => {
    const newer = new Date('2026-03-02T00:00:00.000Z');
    const id = await createOrg('enterprise', newer);

    await cache.applyPlanChange({ orgId: id, plan: 'free', changedAt: new Date('2026-03-01') });

    expect(await orgs.findById(id).lean().exec()).toMatchObject({ plan: 'enterprise' });
    expect(await cache.planOf(id)).toBe('enterprise');
  });

  it('comes to one result when every replica applies the same change, and ignores it the second time', async () => {
    const id = await createOrg('free');
    const change = { orgId: id, plan: 'pro' as const, changedAt: new Date('2026-03-01') };
    const replicaB = new OrgPlanCache(
      orgs,
      moduleRef.get(SERVICE_LOGGER),
      moduleRef.get(RedisLocks),
      {
        now: () => clock,
      },
    );

    const outcomes = await Promise.all([
      cache.applyPlanChange(change),
      replicaB.applyPlanChange(change),
    ]);
    const again = await cache.applyPlanChange(change);

    expect(outcomes).toEqual(['applied', 'applied']);
    expect(again).toBe('stale');
    expect(await orgs.findById(id).lean().exec()).toMatchObject({
      plan: 'pro',
      planChangedAt: change.changedAt,
    });
    expect(await cache.planOf(id)).toBe('pro');
    expect(await replicaB.planOf(id)).toBe('pro');
  });
});

/** Settings reach the cache inside the gateway through a global module. */
function gatewayWithPlanCacheSettings(
  settings: Partial<OrgPlanCacheSettings>,
): ServiceDefinition<GatewayConfig> {
  @Module({
    providers: [{ provide: ORG_PLAN_CACHE_SETTINGS, useValue: settings }],
    exports: [ORG_PLAN_CACHE_SETTINGS],
  })
  class PlanCacheSettingsModule {}
  return {
    ...gatewayService,
    module: (runtime) => ({
      module: class PlanCacheTestRoot {},
      imports: [{ module: PlanCacheSettingsModule, global: true }, AppModule.forRoot(runtime)],
    }),
  };
}

describe('the org plan cache while MongoDB is down', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(
      // Every lookup goes to MongoDB: only the fallback can answer.
      gatewayWithPlanCacheSettings({ ttlMs: 0, retryAfterFailureMs: 0 }),
      { env: { MONGO_URL: `mongodb://127.0.0.1:${await freePort()}` }, waitForMongo: false },
    );
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('answers free for an org it never knew, without failing', async () => {
    expect(await gateway.app.get(OrgPlanCache).planOf('org_unknown')).toBe('free');
  });

  it('keeps using the last plan it knew', async () => {
    const plans = gateway.app.get(OrgPlanCache);
    await plans.applyPlanChange({ orgId: 'org_known', plan: 'pro', changedAt: new Date() });

    expect(await plans.planOf('org_known')).toBe('pro');
    expect(await plans.planOf('org_known')).toBe('pro');
  });

  it('warns once for the outage, not once per lookup', () => {
    const warnings = gateway.logs.filter((line) =>
      Boolean(line.msg?.startsWith('org plan unreadable')),
    );
    expect(warnings).toHaveLength(1);
  });
});
