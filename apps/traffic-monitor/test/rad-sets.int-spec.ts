import {
  type IngestResultDto,
  RAD_SET_PATTERNS,
  type RadSetDto,
  type RadSetExamplesResultDto,
  type RadSetListDto,
  type RadSetSuggestionListDto,
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
import { trafficMonitorService } from '../src/service-definition';

const EXAMPLE_NAMES = [
  'Cart recommendations',
  'Product recommendations',
  'Venture feed',
  'Venture metrics',
];

describe('RAD sets over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let otherOrg: OrgMessenger;

  const create = (messenger: OrgMessenger, fields: Record<string, unknown> = {}) =>
    messenger.send<RadSetDto>(RAD_SET_PATTERNS.create, {
      name: 'Checkout',
      pattern: 'pandc.*.checkout.*',
      colour: '#AA3300',
      ...fields,
    });

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    client = await connectClient(service, 'traffic-monitor');
  });

  beforeEach(() => {
    org = new OrgMessenger(client);
    otherOrg = new OrgMessenger(client);
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  const addExamples = (messenger: OrgMessenger) =>
    messenger.send<RadSetExamplesResultDto>(RAD_SET_PATTERNS.addExamples);
  const suggestions = (messenger: OrgMessenger) =>
    messenger.send<RadSetSuggestionListDto>(RAD_SET_PATTERNS.suggestions);
  const ingest = (messenger: OrgMessenger, eventIds: readonly string[]) =>
    messenger.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
      events: eventIds.map((eventId) => ({ eventId, timestamp: new Date().toISOString() })),
    });

  it('starts a new organisation with no RAD sets', async () => {
    expect(await org.send<RadSetListDto>(RAD_SET_PATTERNS.list)).toEqual({ items: [] });
    // Reading health or a set does not bring sets either.
    expect(
      (await org.failure(RAD_SET_PATTERNS.get, { id: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' })).status,
    ).toBe(404);
    expect((await org.send<RadSetListDto>(RAD_SET_PATTERNS.list)).items).toEqual([]);
  });

  it('adds the four example sets in one call, once however often it is asked', async () => {
    const first = await addExamples(org);
    const again = await addExamples(org);
    const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);

    expect(first.created.map((set) => set.name).sort()).toEqual(EXAMPLE_NAMES);
    expect(first.alreadyPresent).toEqual([]);
    expect(again.created).toEqual([]);
    expect(again.alreadyPresent.map((set) => set.id).sort()).toEqual(
      first.created.map((set) => set.id).sort(),
    );
    expect(items.map((set) => set.name)).toEqual(EXAMPLE_NAMES);
    expect(items.find((set) => set.name === 'Venture feed')).toMatchObject({
      id: expect.stringMatching(/^rad_[A-Za-z0-9]{20}$/),
      pattern: 'pandc.vnext.recommendations.feed.feed*',
      colour: '#2563eb',
      enabled: true,
      priority: 0,
      thresholds: { criticalDropPct: 80, warningDropPct: 50 },
      minDailyVolume: 100,
      highVolumeLevel: 1000,
      valuePerEvent: 0.05,
      seeded: true,
    });
    // Another organisation is untouched.
    expect((await otherOrg.send<RadSetListDto>(RAD_SET_PATTERNS.list)).items).toEqual([]);
  });

  it('adds the examples only once when asked twice at the same time', async () => {
    const answers = await Promise.all([addExamples(org), addExamples(org)]);

    expect(answers.map((answer) => answer.created.length).sort()).toEqual([0, 4]);
    expect(answers.map((answer) => answer.alreadyPresent.length).sort()).toEqual([0, 4]);
    expect((await org.send<RadSetListDto>(RAD_SET_PATTERNS.list)).items).toHaveLength(4);
  });

  it('leaves an example whose name the organisation already uses as it is', async () => {
    const mine = await create(org, { name: 'venture FEED', pattern: 'mine.*' });

    const answer = await addExamples(org);

    expect(answer.alreadyPresent).toEqual([mine]);
    expect(answer.created).toHaveLength(3);
    expect(await org.send(RAD_SET_PATTERNS.get, { id: mine.id })).toEqual(mine);
  });

  it("suggests sets from the event ids the organisation sent, never another organisation's", async () => {
    await ingest(org, [
      'shop.checkout.view',
      'shop.checkout.pay',
      'shop.checkout.pay.failed',
      'shop.search.query',
      'app.open',
      'signup',
    ]);
    await ingest(otherOrg, ['secret.plans.launch', 'shop.checkout.other_org_only']);
    await service.app.get(BucketFlusher).flushNow();

    const answer = await suggestions(org);

    expect(answer.items.map((item) => [item.body.pattern, item.eventIdCount])).toEqual([
      ['shop.checkout.*', 3],
      ['app.*', 1],
      ['shop.search.*', 1],
      ['signup', 1],
    ]);
    expect(answer.items[0]).toEqual({
      body: { name: 'shop.checkout', pattern: 'shop.checkout.*', colour: expect.any(String) },
      eventIdCount: 3,
      sampleEventIds: ['shop.checkout.pay', 'shop.checkout.pay.failed', 'shop.checkout.view'],
    });
    expect(answer).toMatchObject({ eventIdsSeen: 6, eventIdsCovered: 0, catalogueFull: false });
    expect(answer.howToCreate).toContain('/api/v1/rad-sets');
    expect(JSON.stringify(answer)).not.toMatch(/secret|other_org_only/);
    expect((await suggestions(otherOrg)).items.map((item) => item.body.pattern)).toEqual([
      'secret.plans.*',
      'shop.checkout.*',
    ]);
  });

  it('creates a set from a suggestion as it stands, and stops suggesting what it covers', async () => {
    await ingest(org, ['shop.checkout.view', 'shop.search.query']);
    await service.app.get(BucketFlusher).flushNow();
    const [checkout] = (await suggestions(org)).items;

    const created = await org.send<RadSetDto>(RAD_SET_PATTERNS.create, checkout?.body);
    const after = await suggestions(org);

    expect(created).toMatchObject({ ...checkout?.body, seeded: false });
    expect(after.items.map((item) => item.body.pattern)).toEqual(['shop.search.*']);
    expect(after).toMatchObject({ eventIdsSeen: 2, eventIdsCovered: 1 });
  });

  it('suggests nothing before any event is stored', async () => {
    expect(await suggestions(org)).toMatchObject({
      items: [],
      eventIdsSeen: 0,
      eventIdsCovered: 0,
      catalogueFull: false,
    });
  });

  it('creates a set with the defaults for what it leaves out', async () => {
    const created = await create(org, { valuePerEvent: 0.4 });

    expect(created).toMatchObject({
      name: 'Checkout',
      pattern: 'pandc.*.checkout.*',
      colour: '#aa3300',
      enabled: true,
      thresholds: { criticalDropPct: 80, warningDropPct: 50 },
      minDailyVolume: 100,
      highVolumeLevel: 1000,
      valuePerEvent: 0.4,
      seeded: false,
    });
    expect(await org.send(RAD_SET_PATTERNS.get, { id: created.id })).toEqual(created);
    const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);
    expect(items).toEqual([created]);
  });

  it('refuses a second set of the same name in the org (any case) with 409', async () => {
    await create(org);

    const duplicate = await org.failure(RAD_SET_PATTERNS.create, {
      name: '  checkout ',
      pattern: 'x.*',
      colour: '#000000',
    });

    expect(duplicate).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect(duplicate.message).toContain('already exists');
    // Another organisation may use the name.
    await expect(create(otherOrg)).resolves.toMatchObject({ name: 'Checkout' });
  });

  it('refuses renaming a set to a name the org already uses with 409', async () => {
    const created = await create(org);
    await create(org, { name: 'Venture feed' });

    const clash = await org.failure(RAD_SET_PATTERNS.update, {
      id: created.id,
      name: 'Venture FEED',
    });

    expect(clash.status).toBe(409);
  });

  it('updates only the fields given', async () => {
    const created = await create(org);

    const updated = await org.send<RadSetDto>(RAD_SET_PATTERNS.update, {
      id: created.id,
      enabled: false,
      thresholds: { criticalDropPct: 90, warningDropPct: 40 },
    });

    expect(updated).toMatchObject({
      name: 'Checkout',
      pattern: 'pandc.*.checkout.*',
      enabled: false,
      thresholds: { criticalDropPct: 90, warningDropPct: 40 },
    });
    expect(Date.parse(updated.updatedAt)).toBeGreaterThanOrEqual(Date.parse(created.updatedAt));
  });

  it.each([
    ['a bad colour', { colour: 'red' }, 'colour'],
    ['regex syntax in the pattern', { pattern: 'feed.(a|b)' }, 'pattern'],
    ['a blank name', { name: '   ' }, 'name'],
    [
      'a warning at or above critical',
      { thresholds: { criticalDropPct: 50, warningDropPct: 50 } },
      'thresholds.warningDropPct',
    ],
    [
      'a high-volume level under the minimum',
      { minDailyVolume: 500, highVolumeLevel: 100 },
      'highVolumeLevel',
    ],
    ['an unknown field', { owner: 'me' }, 'owner'],
  ])('refuses %s with 400 naming the field', async (_case, fields, field) => {
    const refused = await org.failure(RAD_SET_PATTERNS.create, {
      name: 'Checkout',
      pattern: 'pandc.*.checkout.*',
      colour: '#aa3300',
      ...fields,
    });

    expect(refused).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
    expect(refused.errors?.map((error) => error.field)).toContain(field);
  });

  it('refuses null for a field on update rather than storing it', async () => {
    const created = await create(org);

    const refused = await org.failure(RAD_SET_PATTERNS.update, { id: created.id, name: null });

    expect(refused.status).toBe(400);
  });

  it("answers 404 for another organisation's set, on every verb", async () => {
    const theirs = await create(otherOrg);

    const answers = await Promise.all([
      org.failure(RAD_SET_PATTERNS.get, { id: theirs.id }),
      org.failure(RAD_SET_PATTERNS.update, { id: theirs.id, name: 'Mine now' }),
      org.failure(RAD_SET_PATTERNS.delete, { id: theirs.id }),
    ]);

    expect(answers.map((answer) => answer.status)).toEqual([404, 404, 404]);
    expect(await otherOrg.send(RAD_SET_PATTERNS.get, { id: theirs.id })).toEqual(theirs);
  });

  it('deletes a set, and deleted examples do not come back', async () => {
    await addExamples(org);
    const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);

    for (const set of items) {
      await expect(org.send(RAD_SET_PATTERNS.delete, { id: set.id })).resolves.toEqual(set);
    }

    expect((await org.failure(RAD_SET_PATTERNS.get, { id: items[0]?.id })).status).toBe(404);
    expect((await org.send<RadSetListDto>(RAD_SET_PATTERNS.list)).items).toEqual([]);
  });
});
