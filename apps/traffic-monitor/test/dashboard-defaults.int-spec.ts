import {
  DASHBOARD_PATTERNS,
  type DashboardConfigDto,
  type DashboardPageDto,
  type DashboardStatsDto,
  type IngestResultDto,
  TRAFFIC_INGEST_PATTERN,
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

const HOUR_MS = 3_600_000;
const WEEK_MS = 7 * 24 * HOUR_MS;

/** What a new organisation sees on the dashboard, and the window every answer names. */
describe('dashboard defaults for a new organisation', () => {
  let service: TestService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    client = await connectClient(service, 'traffic-monitor');
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  it('shows events ingested a moment ago in stats and query, with no parameters', async () => {
    const org = new OrgMessenger(client);
    const now = new Date().toISOString();
    await org.send<IngestResultDto>(TRAFFIC_INGEST_PATTERN, {
      events: [
        { eventId: 'first.signup', timestamp: now, count: 3 },
        { eventId: 'first.login', timestamp: now },
      ],
    });

    const stats = await org.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, {});
    const page = await org.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, {});

    expect(stats.total).toBe(2);
    expect(stats.byStatus.NO_BASELINE).toBe(2);
    expect(page.items.map((row) => [row.eventId, row.current, row.status])).toEqual([
      ['first.login', 1, 'NO_BASELINE'],
      ['first.signup', 3, 'NO_BASELINE'],
    ]);
  });

  it('names the window, how it was chosen, and the baseline in every answer', async () => {
    const org = new OrgMessenger(client);
    const before = Date.now();

    const stats = await org.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, {});
    const page = await org.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, {});

    for (const window of [stats.window, page.window]) {
      expect(window).toMatchObject({
        windowMode: 'rollingHours',
        windowHours: 24,
        includesCurrentHour: true,
        chosenBy: 'defaults',
        baselineMode: 'sameHoursLastWeeks',
        baselinePeriods: 4,
        configVersion: 1,
        explanation: expect.stringContaining('the current hour so far'),
      });
      const to = Date.parse(window.to);
      expect(to).toBeGreaterThanOrEqual(before - 60_000);
      expect(Date.parse(window.asOf)).toBe(to);
      expect(to - Date.parse(window.from)).toBeGreaterThan(24 * HOUR_MS);
      expect(to - Date.parse(window.from)).toBeLessThanOrEqual(25 * HOUR_MS);
      expect(Date.parse(window.baselineTo)).toBe(to - WEEK_MS);
    }
  });

  it('judges the hour so far against the same share of the baseline hours', async () => {
    const org = new OrgMessenger(client);
    const hour = (iso: string, count: number, eventId = 'rolling.event'): SeedCount => ({
      eventId,
      start: new Date(iso),
      count,
    });
    const weeks = ['2026-10-23', '2026-10-30', '2026-11-06', '2026-11-13'];
    await seedBuckets(service.app, org.orgId, 'hour', [
      // Each earlier week: 200 in the 11:00 hour, 100 in the 12:00 hour (half of it: 50).
      ...weeks.flatMap((day) => [hour(`${day}T11:00:00Z`, 200), hour(`${day}T12:00:00Z`, 100)]),
      hour('2026-11-20T11:00:00Z', 200),
      // Before the window: not counted.
      hour('2026-11-19T11:00:00Z', 5000),
    ]);
    await seedBuckets(service.app, org.orgId, 'minute', [
      hour('2026-11-20T12:10:00Z', 50),
      // After asOf: not counted.
      hour('2026-11-20T12:40:00Z', 5000),
    ]);

    const page = await org.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, {
      asOf: '2026-11-20T12:30:00Z',
    });

    expect(page.window).toMatchObject({
      from: '2026-11-19T12:00:00.000Z',
      to: '2026-11-20T12:30:00.000Z',
      asOf: '2026-11-20T12:30:00.000Z',
      baselineFrom: '2026-10-22T12:00:00.000Z',
      baselineTo: '2026-11-13T12:30:00.000Z',
      explanation: expect.stringContaining('asOf'),
    });
    expect(page.items).toEqual([
      expect.objectContaining({
        eventId: 'rolling.event',
        current: 250,
        baseline: 250,
        changePct: 0,
        status: 'NORMAL',
      }),
    ]);
  });

  it('switches to lastHours alone, picking the same hours of earlier weeks', async () => {
    const org = new OrgMessenger(client);
    await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, {
      windowMode: 'lastCompleteDay',
      baselineMode: 'dailyAverage',
    });

    const changed = await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, {
      windowMode: 'lastHours',
    });
    const stats = await org.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, {});

    expect(changed.settings).toMatchObject({
      windowMode: 'lastHours',
      baselineMode: 'sameHoursLastWeeks',
    });
    expect(stats.window).toMatchObject({
      windowMode: 'lastHours',
      includesCurrentHour: false,
      chosenBy: 'config',
      baselineMode: 'sameHoursLastWeeks',
      configVersion: 3,
    });
  });

  it('switches back to the last complete day alone, picking the daily average', async () => {
    const org = new OrgMessenger(client);

    const changed = await org.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, {
      windowMode: 'lastCompleteDay',
    });
    const stats = await org.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, {});

    expect(changed.settings.baselineMode).toBe('dailyAverage');
    expect(stats.window).toMatchObject({
      windowMode: 'lastCompleteDay',
      windowHours: 24,
      includesCurrentHour: false,
      baselineMode: 'dailyAverage',
      baselinePeriods: 20,
    });
  });

  it('still refuses hours against a daily average when both are named', async () => {
    const org = new OrgMessenger(client);

    const refused = await org.failure(DASHBOARD_PATTERNS.putConfig, {
      windowMode: 'lastHours',
      baselineMode: 'dailyAverage',
    });

    expect(refused.status).toBe(400);
    expect(refused.errors?.map((error) => error.field)).toContain('baselineMode');
  });
});
