import { RAD_SET_PATTERNS, type RadSetDto, type RadSetListDto } from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { trafficMonitorService } from '../src/service-definition';

const DEFAULT_NAMES = [
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

  it("seeds the four default sets on an organisation's first use", async () => {
    const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);

    expect(items.map((set) => set.name)).toEqual(DEFAULT_NAMES);
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
    expect(items).toHaveLength(5);
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

    const clash = await org.failure(RAD_SET_PATTERNS.update, {
      id: created.id,
      name: 'Venture feed',
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

  it('deletes a set, and deleted defaults do not come back', async () => {
    const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);

    for (const set of items) {
      await expect(org.send(RAD_SET_PATTERNS.delete, { id: set.id })).resolves.toEqual(set);
    }

    expect((await org.failure(RAD_SET_PATTERNS.get, { id: items[0]?.id })).status).toBe(404);
    expect((await org.send<RadSetListDto>(RAD_SET_PATTERNS.list)).items).toEqual([]);
  });
});
