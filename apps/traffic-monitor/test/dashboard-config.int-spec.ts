import {
  DASHBOARD_PATTERNS,
  type DashboardConfigDto,
  type DashboardConfigHistoryDto,
  DEFAULT_DASHBOARD_SETTINGS,
  RAD_SET_PATTERNS,
  type RadSetDto,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { trafficMonitorService } from '../src/service-definition';

describe('versioned dashboard config over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;

  const put = (body: Record<string, unknown>) =>
    org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, body);
  const history = (body: Record<string, unknown> = {}) =>
    org.send<DashboardConfigHistoryDto>(DASHBOARD_PATTERNS.configHistory, body);

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

  it('starts at version 1: the defaults, recorded by the service', async () => {
    const config = await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.getConfig);

    expect(config).toEqual({
      version: 1,
      settings: DEFAULT_DASHBOARD_SETTINGS,
      changedBy: { kind: 'service', id: 'traffic-monitor' },
      changedAt: expect.any(String),
      comment: 'defaults',
      rolledBackFrom: null,
    });
  });

  it('keeps every change as a new version with who and when', async () => {
    const before = Date.now();
    const second = await put({ criticalDropPct: 90, comment: 'fewer pages' });
    const third = await put({ baselineDays: 10 });

    expect(second).toMatchObject({
      version: 2,
      settings: { ...DEFAULT_DASHBOARD_SETTINGS, criticalDropPct: 90 },
      changedBy: { kind: 'user', id: org.actor.id },
      comment: 'fewer pages',
    });
    expect(Date.parse(second.changedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(third.settings).toMatchObject({ criticalDropPct: 90, baselineDays: 10 });
    expect(await org.send(DASHBOARD_PATTERNS.getConfig)).toEqual(third);
    const { items } = await history();
    expect(items.map((version) => version.version)).toEqual([3, 2, 1]);
    expect(items[1]).toEqual(second);
  });

  it('pages the history with limit and beforeVersion', async () => {
    for (const days of [11, 12, 13]) await put({ baselineDays: days });

    const page = await history({ limit: 2, beforeVersion: 4 });

    expect(page.items.map((version) => [version.version, version.settings.baselineDays])).toEqual([
      [3, 12],
      [2, 11],
    ]);
  });

  it('rolls back by appending a copy of the older version', async () => {
    await put({ criticalDropPct: 95 });
    await put({ warningDropPct: 60 });

    const rolledBack = await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.rollbackConfig, {
      version: 1,
    });

    expect(rolledBack).toMatchObject({
      version: 4,
      settings: DEFAULT_DASHBOARD_SETTINGS,
      rolledBackFrom: 1,
      comment: 'rollback to version 1',
      changedBy: { kind: 'user', id: org.actor.id },
    });
    const { items } = await history();
    expect(items.map((version) => version.version)).toEqual([4, 3, 2, 1]);
    expect(items[1]?.settings.warningDropPct).toBe(60);
  });

  it('adds no version for a change that changes nothing', async () => {
    const same = await put({ criticalDropPct: DEFAULT_DASHBOARD_SETTINGS.criticalDropPct });

    expect(same.version).toBe(1);
    expect((await history()).items).toHaveLength(1);
  });

  it('refuses a change based on an older version with 409', async () => {
    await put({ criticalDropPct: 85, baseVersion: 1 });

    const stale = await org.failure(DASHBOARD_PATTERNS.putConfig, {
      criticalDropPct: 70,
      baseVersion: 1,
    });

    expect(stale).toMatchObject({ status: 409, code: 'CONFLICT' });
    expect((await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.getConfig)).version).toBe(2);
  });

  it.each([
    ['warning at or above critical', { warningDropPct: 80 }, 'warningDropPct'],
    [
      'hours against a daily average',
      { windowMode: 'lastHours', baselineMode: 'dailyAverage' },
      'baselineMode',
    ],
    ['a threshold over 100%', { criticalDropPct: 120 }, 'criticalDropPct'],
    ['null for a setting', { baselineDays: null }, 'baselineDays'],
    ['an unknown setting', { alertEmail: 'x@example.com' }, 'alertEmail'],
  ])('refuses %s with 400 and keeps the version', async (_case, body, field) => {
    const refused = await org.failure(DASHBOARD_PATTERNS.putConfig, body);

    expect(refused.status).toBe(400);
    expect(refused.errors?.map((error) => error.field)).toContain(field);
    expect((await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.getConfig)).version).toBe(1);
  });

  it('answers 404 for a rollback to a version that does not exist', async () => {
    const missing = await org.failure(DASHBOARD_PATTERNS.rollbackConfig, { version: 7 });

    expect(missing.status).toBe(404);
  });

  it("keeps each organisation's versions apart", async () => {
    const other = new OrgMessenger(client);
    await put({ criticalDropPct: 90 });

    expect((await other.send<DashboardConfigDto>(DASHBOARD_PATTERNS.getConfig)).version).toBe(1);
    expect((await other.failure(DASHBOARD_PATTERNS.rollbackConfig, { version: 2 })).status).toBe(
      404,
    );
  });

  it('gives new RAD sets the current default thresholds', async () => {
    await put({ criticalDropPct: 70, warningDropPct: 30, valuePerEvent: 2 });

    const created = await org.send<RadSetDto>(RAD_SET_PATTERNS.create, {
      name: 'Search',
      pattern: 'search.*',
      colour: '#000000',
    });

    expect(created).toMatchObject({
      thresholds: { criticalDropPct: 70, warningDropPct: 30 },
      valuePerEvent: 2,
    });
  });
});
