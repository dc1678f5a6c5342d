import {
  EXPERIMENT_PATTERNS,
  type ExperimentDto,
  type ExperimentHealthDto,
  type ExperimentListDto,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { trafficMonitorService } from '../src/service-definition';
import { seedBuckets, type SeedCount } from './support/bucket-seeder';
import { bucketFinds, storeCallsDuring } from './support/store-calls';

const WINDOW = { from: '2026-11-19T00:00:00Z', to: '2026-11-20T00:00:00Z' };
const IMPRESSION = 'pandc.vnext.recommendations.feed.feed_impression';
const CLICK = 'pandc.vnext.recommendations.feed.feed_click';

/** `total` events spread over the first four hours of the window. */
function counts(eventId: string, experiment: string, variant: string, total: number): SeedCount[] {
  return [0, 1, 2, 3].map((hour) => ({
    eventId,
    start: new Date(Date.parse(WINDOW.from) + hour * 3_600_000),
    count: total / 4,
    dimensions: { experiment, variant, region: 'eu' },
  }));
}

describe('experiments over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;

  const createExperiment = (messenger: OrgMessenger, fields: Record<string, unknown> = {}) =>
    messenger.send<ExperimentDto>(EXPERIMENT_PATTERNS.create, {
      key: 'feed-ranking',
      variants: [
        { name: 'control', weight: 50 },
        { name: 'treatment', weight: 50 },
      ],
      controlVariant: 'control',
      impressionEventGlob: 'pandc.*.feed_impression',
      clickEventGlob: 'pandc.*.feed_click',
      ...fields,
    });
  const health = (messenger: OrgMessenger, key = 'feed-ranking') =>
    messenger.send<ExperimentHealthDto>(EXPERIMENT_PATTERNS.health, { key, ...WINDOW });

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    client = await connectClient(service, 'traffic-monitor');
  });

  beforeEach(() => {
    org = new OrgMessenger(client);
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('creates, lists, updates and deletes an experiment', async () => {
    const created = await createExperiment(org, { name: 'Feed ranking v2' });
    const updated = await org.send<ExperimentDto>(EXPERIMENT_PATTERNS.update, {
      key: 'feed-ranking',
      clickEventGlob: null,
      variants: [
        { name: 'control', weight: 80 },
        { name: 'treatment', weight: 20 },
      ],
    });
    const listed = await org.send<ExperimentListDto>(EXPERIMENT_PATTERNS.list);
    const deleted = await org.send<ExperimentDto>(EXPERIMENT_PATTERNS.delete, {
      key: 'feed-ranking',
    });

    expect(created).toMatchObject({
      key: 'feed-ranking',
      name: 'Feed ranking v2',
      controlVariant: 'control',
      clickEventGlob: 'pandc.*.feed_click',
      errorEventGlob: null,
      minCtrPct: 1,
      maxErrorRatePct: 10,
      startedAt: null,
    });
    expect(updated).toMatchObject({
      clickEventGlob: null,
      variants: [
        { name: 'control', weight: 80 },
        { name: 'treatment', weight: 20 },
      ],
    });
    expect(listed.items).toEqual([updated]);
    expect(deleted).toEqual(updated);
    expect((await org.failure(EXPERIMENT_PATTERNS.get, { key: 'feed-ranking' })).status).toBe(404);
  });

  it('refuses a second experiment with the same key with 409', async () => {
    await createExperiment(org);

    expect((await org.failure(EXPERIMENT_PATTERNS.create, validBody())).status).toBe(409);
  });

  it.each([
    ['a control that is not a variant', { controlVariant: 'holdout' }, 'controlVariant'],
    [
      'repeated variant names',
      {
        variants: [
          { name: 'a', weight: 1 },
          { name: 'a', weight: 1 },
        ],
        controlVariant: 'a',
      },
      'variants',
    ],
    ['a single variant', { variants: [{ name: 'control', weight: 1 }] }, 'variants'],
    [
      'a zero weight',
      {
        variants: [
          { name: 'control', weight: 0 },
          { name: 'treatment', weight: 1 },
        ],
      },
      'variants[0].weight',
    ],
  ])('refuses %s with 400', async (_case, fields, field) => {
    const refused = await org.failure(EXPERIMENT_PATTERNS.create, { ...validBody(), ...fields });

    expect(refused.status).toBe(400);
    expect(refused.errors?.map((error) => error.field)).toContain(field);
  });

  it("answers 404 for another organisation's experiment", async () => {
    const other = new OrgMessenger(client);
    await createExperiment(other);

    const answers = await Promise.all([
      org.failure(EXPERIMENT_PATTERNS.get, { key: 'feed-ranking' }),
      org.failure(EXPERIMENT_PATTERNS.health, { key: 'feed-ranking' }),
      org.failure(EXPERIMENT_PATTERNS.update, { key: 'feed-ranking', name: 'mine' }),
      org.failure(EXPERIMENT_PATTERNS.delete, { key: 'feed-ranking' }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404, 404]);
  });

  it('flags a sample-ratio mismatch and a CTR under 1% from the stored events', async () => {
    await createExperiment(org);
    await seedBuckets(service.app, org.orgId, 'hour', [
      ...counts(IMPRESSION, 'feed-ranking', 'control', 5600),
      ...counts(IMPRESSION, 'feed-ranking', 'treatment', 4400),
      ...counts(CLICK, 'feed-ranking', 'control', 280),
      ...counts(CLICK, 'feed-ranking', 'treatment', 40),
      // Another experiment, and events outside the window: not counted.
      ...counts(IMPRESSION, 'other-test', 'treatment', 10_000),
      {
        eventId: IMPRESSION,
        start: new Date('2026-11-20T00:00:00Z'),
        count: 99_999,
        dimensions: { experiment: 'feed-ranking', variant: 'treatment' },
      },
    ]);

    const result = await health(org);

    expect(result).toMatchObject({
      key: 'feed-ranking',
      from: '2026-11-19T00:00:00.000Z',
      to: '2026-11-20T00:00:00.000Z',
      status: 'UNHEALTHY',
      flags: ['SAMPLE_RATIO_MISMATCH', 'LOW_CTR'],
      totalImpressions: 10_000,
      sampleRatio: { chiSquare: 144, degreesOfFreedom: 1, reliable: true, mismatch: true },
      unconfiguredVariants: [],
    });
    expect(result.sampleRatio?.pValue).toBeLessThan(1e-30);
    expect(result.variants).toEqual([
      expect.objectContaining({
        variant: 'control',
        control: true,
        impressions: 5600,
        share: 0.56,
        expectedShare: 0.5,
        clicks: 280,
        ctr: 0.05,
        errors: null,
        flags: [],
      }),
      expect.objectContaining({
        variant: 'treatment',
        impressions: 4400,
        share: 0.44,
        ctr: 0.009091,
        ctrLiftPct: -81.82,
        flags: ['LOW_CTR'],
      }),
    ]);
  });

  it('reads the events of its globs as the catalogued event ids they match', async () => {
    await createExperiment(org, { errorEventGlob: 'pandc.*.feed_error' });
    await seedBuckets(service.app, org.orgId, 'hour', [
      ...counts(IMPRESSION, 'feed-ranking', 'control', 400),
      ...counts(IMPRESSION, 'feed-ranking', 'treatment', 400),
      ...counts(CLICK, 'feed-ranking', 'control', 40),
    ]);

    let result: ExperimentHealthDto | undefined;
    const finds = bucketFinds(
      await storeCallsDuring(async () => {
        result = await health(org);
      }),
    );

    // The impressions and the clicks, each by its one id. No error event was ever flushed, so
    // the error glob matches no catalogued id and is read by its literal prefix (events sent
    // and not flushed yet are counted that way).
    const eventIds = finds.map((filter) => filter['eventId']);
    expect(eventIds.filter((id) => typeof id === 'string').sort()).toEqual([CLICK, IMPRESSION]);
    expect(eventIds.filter((id) => typeof id !== 'string')).toEqual([
      { $gte: 'pandc.', $lt: 'pandc/' },
    ]);
    expect(result).toMatchObject({ totalImpressions: 800 });
    expect(result?.variants.map((variant) => [variant.clicks, variant.errors])).toEqual([
      [40, 0],
      [0, 0],
    ]);
  });

  it('flags a variant that got no impressions', async () => {
    await createExperiment(org, { key: 'lonely', clickEventGlob: null });
    await seedBuckets(service.app, org.orgId, 'hour', counts(IMPRESSION, 'lonely', 'control', 400));

    const result = await health(org, 'lonely');

    expect(result.flags).toEqual(['SAMPLE_RATIO_MISMATCH', 'NO_IMPRESSIONS']);
    expect(result.variants[1]).toMatchObject({ impressions: 0, flags: ['NO_IMPRESSIONS'] });
  });

  it('is healthy on a split that matches its weights', async () => {
    await createExperiment(org, { key: 'balanced', clickEventGlob: null });
    await seedBuckets(service.app, org.orgId, 'hour', [
      ...counts(IMPRESSION, 'balanced', 'control', 5020),
      ...counts(IMPRESSION, 'balanced', 'treatment', 4980),
    ]);

    const result = await health(org, 'balanced');

    expect(result).toMatchObject({ status: 'HEALTHY', flags: [] });
    expect(result.sampleRatio?.pValue).toBeGreaterThan(0.5);
  });

  it('refuses a window over 90 days or one that ends before it starts', async () => {
    await createExperiment(org);

    const [tooLong, backwards] = await Promise.all([
      org.failure(EXPERIMENT_PATTERNS.health, {
        key: 'feed-ranking',
        from: '2026-01-01T00:00:00Z',
        to: '2026-11-20T00:00:00Z',
      }),
      org.failure(EXPERIMENT_PATTERNS.health, {
        key: 'feed-ranking',
        from: '2026-11-20T00:00:00Z',
        to: '2026-11-19T00:00:00Z',
      }),
    ]);

    expect([tooLong.status, backwards.status]).toEqual([400, 400]);
  });
});

function validBody(): Record<string, unknown> {
  return {
    key: 'feed-ranking',
    variants: [
      { name: 'control', weight: 50 },
      { name: 'treatment', weight: 50 },
    ],
    controlVariant: 'control',
    impressionEventGlob: 'pandc.*.feed_impression',
  };
}
