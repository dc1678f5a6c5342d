import {
  DASHBOARD_PATTERNS,
  type DashboardConfigDto,
  type DashboardPageDto,
  type DashboardQueryDto,
  type DashboardRowDto,
  type DashboardStatsDto,
  RAD_SET_PATTERNS,
  type RadSetDto,
  type RadSetListDto,
} from '@vantage/contracts';
import {
  connectClient,
  OrgMessenger,
  startTestService,
  type TestService,
} from '@vantage/service-runtime/testing';
import type { RedisStreamsClient } from '@vantage/transport';
import { HealthService } from '../src/health/health.service';
import { trafficMonitorService } from '../src/service-definition';
import { dailySeries, dayBefore, seedBuckets, type SeedCount } from './support/bucket-seeder';

/** Judged window: 2026-11-19 (UTC), against 2026-10-30 … 2026-11-18. */
const AS_OF = '2026-11-20T12:00:00.000Z';
const END = new Date('2026-11-20T00:00:00Z');
const CURRENT_DAY = dayBefore(END, 1);

const FEED_IMPRESSION = 'pandc.vnext.recommendations.feed.feed_impression';
const FEED_CLICK = 'pandc.vnext.recommendations.feed.feed_click';
const CART_ADD = 'pandc.web.recommendations.cart.add';
const PRODUCT_VIEW = 'pandc.web.recommendations.product.view';
const PAGE_LOAD = 'pandc.vnext.metrics.page_load';
const NEW_EVENT = 'misc.new_event';
const LEGACY = 'misc.legacy';

/** 20 baseline days at `baseline` a day, then `current` on the judged day (0: no bucket). */
function history(eventId: string, baseline: number, current: number): SeedCount[] {
  const seeds = baseline > 0 ? dailySeries(eventId, CURRENT_DAY, 20, baseline) : [];
  return current > 0 ? [...seeds, { eventId, start: CURRENT_DAY, count: current }] : seeds;
}

/** One event of every status, under the four example sets and `unknown`. */
async function seedHistory(service: TestService, orgId: string): Promise<void> {
  await seedBuckets(service.app, orgId, 'day', [
    ...history(FEED_IMPRESSION, 1000, 100), // −90%: CRITICAL
    ...history(FEED_CLICK, 200, 100), // exactly −50%: WARNING
    // 500 a day split over two regions: one event id, NORMAL.
    ...dailySeries(CART_ADD, END, 21, 250, { region: 'eu' }),
    ...dailySeries(CART_ADD, END, 21, 250, { region: 'us' }),
    ...history(PRODUCT_VIEW, 400, 700), // +75%: INCREASED
    ...history(PAGE_LOAD, 50, 40), // under 100 a day: LOW_VOLUME
    ...history(NEW_EVENT, 0, 300), // NO_BASELINE
    ...history(LEGACY, 300, 0), // vanished: CRITICAL
    // Outside the window and baseline: ignored.
    { eventId: FEED_IMPRESSION, start: END, count: 5000 },
    { eventId: FEED_IMPRESSION, start: dayBefore(CURRENT_DAY, 21), count: 5000 },
  ]);
}

const ids = (page: DashboardPageDto) => page.items.map((row) => row.eventId);

/**
 * These tests judge seeded days: each organisation asks for the last complete day (the
 * baseline follows: the daily average), as organisations did before the rolling default.
 */
const judgeDays = (messenger: OrgMessenger) =>
  messenger.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, {
    windowMode: 'lastCompleteDay',
  });

describe('dashboard health over the transport', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let org: OrgMessenger;
  let otherOrg: OrgMessenger;

  const query = (messenger: OrgMessenger, body: DashboardQueryDto = {}) =>
    messenger.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, { asOf: AS_OF, ...body });
  const rowOf = async (messenger: OrgMessenger, eventId: string): Promise<DashboardRowDto> => {
    const page = await query(messenger, { search: eventId });
    const row = page.items.find((candidate) => candidate.eventId === eventId);
    if (!row) throw new Error(`no row for ${eventId}`);
    return row;
  };
  const setNamed = async (messenger: OrgMessenger, name: string): Promise<RadSetDto> => {
    const { items } = await messenger.send<RadSetListDto>(RAD_SET_PATTERNS.list);
    const set = items.find((candidate) => candidate.name === name);
    if (!set) throw new Error(`no set ${name}`);
    return set;
  };

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService);
    client = await connectClient(service, 'traffic-monitor');
    org = new OrgMessenger(client);
    otherOrg = new OrgMessenger(client);
    await Promise.all([judgeDays(org), judgeDays(otherOrg)]);
    await org.send(RAD_SET_PATTERNS.addExamples);
    await seedHistory(service, org.orgId);
    await seedBuckets(service.app, otherOrg.orgId, 'day', history(FEED_IMPRESSION, 10, 10));
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  describe('on seeded history', () => {
    it('counts events by status and by RAD set', async () => {
      const stats = await org.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, { asOf: AS_OF });

      expect(stats.total).toBe(7);
      expect(stats.byStatus).toEqual({
        CRITICAL: 2,
        WARNING: 1,
        INCREASED: 1,
        NORMAL: 1,
        LOW_VOLUME: 1,
        NO_BASELINE: 1,
      });
      expect(stats.byRadSet.map((set) => [set.name, set.total])).toEqual([
        ['Cart recommendations', 1],
        ['Product recommendations', 1],
        ['Venture feed', 2],
        ['Venture metrics', 1],
        ['unknown', 2],
      ]);
      expect(stats.byRadSet.find((set) => set.name === 'Venture feed')).toMatchObject({
        colour: '#2563eb',
        byStatus: { CRITICAL: 1, WARNING: 1 },
        eventsDelta: -1000,
        impact: -50,
      });
      expect(stats.byRadSet.at(-1)).toMatchObject({
        radSetId: null,
        byStatus: { CRITICAL: 1, NO_BASELINE: 1 },
      });
      expect(stats).toMatchObject({ eventsDelta: -1000, impact: -5 });
      expect(stats.window).toMatchObject({
        from: '2026-11-19T00:00:00.000Z',
        to: '2026-11-20T00:00:00.000Z',
        asOf: AS_OF,
        windowMode: 'lastCompleteDay',
        windowHours: 24,
        includesCurrentHour: false,
        chosenBy: 'config',
        baselineMode: 'dailyAverage',
        baselineFrom: '2026-10-30T00:00:00.000Z',
        baselineTo: '2026-11-19T00:00:00.000Z',
        baselinePeriods: 20,
        configVersion: 2,
        explanation:
          'the last complete UTC day before asOf 2026-11-20T12:00:00.000Z, against the daily ' +
          "average of the 20 days before (dailyAverage); the organisation's settings " +
          '(config version 2)',
      });
    });

    it('answers each event with current, baseline, change, z, status and impact', async () => {
      const page = await query(org);
      const row = (eventId: string) => page.items.find((item) => item.eventId === eventId);

      expect(row(FEED_IMPRESSION)).toEqual({
        eventId: FEED_IMPRESSION,
        radSet: 'Venture feed',
        radSetId: expect.stringMatching(/^rad_/),
        colour: '#2563eb',
        current: 100,
        baseline: 1000,
        changePct: -90,
        z: -28.46, // −900 / √1000: a flat baseline has no std, Poisson noise is the floor
        status: 'CRITICAL',
        eventsDelta: -900,
        impact: -45,
        highVolume: true,
      });
      expect(row(CART_ADD)).toMatchObject({ current: 500, baseline: 500, status: 'NORMAL' });
      expect(row(PRODUCT_VIEW)).toMatchObject({ changePct: 75, status: 'INCREASED', impact: 45 });
      expect(row(PAGE_LOAD)).toMatchObject({
        radSet: 'Venture metrics',
        changePct: -20,
        status: 'LOW_VOLUME',
        impact: null,
      });
      expect(row(NEW_EVENT)).toMatchObject({
        radSet: 'unknown',
        radSetId: null,
        current: 300,
        baseline: 0,
        changePct: null,
        z: null,
        status: 'NO_BASELINE',
      });
      expect(row(LEGACY)).toMatchObject({ current: 0, changePct: -100, status: 'CRITICAL' });
    });

    it('sorts by severity by default, ties by event id', async () => {
      expect(ids(await query(org))).toEqual([
        LEGACY,
        FEED_IMPRESSION,
        FEED_CLICK,
        PRODUCT_VIEW,
        CART_ADD,
        PAGE_LOAD,
        NEW_EVENT,
      ]);
    });

    it('filters by RAD set, status, search text and volume', async () => {
      const feed = await setNamed(org, 'Venture feed');

      expect(ids(await query(org, { radSets: [feed.id] }))).toEqual([FEED_IMPRESSION, FEED_CLICK]);
      expect(ids(await query(org, { radSets: ['unknown'] }))).toEqual([LEGACY, NEW_EVENT]);
      expect((await query(org, { statuses: ['CRITICAL', 'WARNING'] })).total).toBe(3);
      expect((await query(org, { search: 'RECOMMENDATIONS' })).total).toBe(4);
      expect(ids(await query(org, { highVolumeOnly: true }))).toEqual([FEED_IMPRESSION]);
    });

    it('sorts by any column either way, rows without a value last', async () => {
      expect(ids(await query(org, { sortBy: 'changePct' }))).toEqual([
        LEGACY,
        FEED_IMPRESSION,
        FEED_CLICK,
        PAGE_LOAD,
        CART_ADD,
        PRODUCT_VIEW,
        NEW_EVENT,
      ]);
      expect(ids(await query(org, { sortBy: 'impact', sortDir: 'desc' }))).toEqual([
        PRODUCT_VIEW,
        LEGACY,
        CART_ADD,
        FEED_CLICK,
        FEED_IMPRESSION,
        NEW_EVENT,
        PAGE_LOAD,
      ]);
      expect(ids(await query(org, { sortBy: 'current', sortDir: 'desc' }))[0]).toBe(PRODUCT_VIEW);
    });

    it('pages with the total over all pages', async () => {
      const third = await query(org, { page: 3, pageSize: 3 });

      expect(third).toMatchObject({ total: 7, page: 3, pageSize: 3 });
      expect(ids(third)).toEqual([NEW_EVENT]);
    });

    it('keeps organisations apart', async () => {
      const page = await query(otherOrg);

      expect(page.total).toBe(1);
      expect(page.items[0]).toMatchObject({
        eventId: FEED_IMPRESSION,
        current: 10,
        status: 'LOW_VOLUME',
      });
    });

    it('refuses an unknown sort column, an oversized page and a bad date with 400', async () => {
      const failures = await Promise.all([
        org.failure(DASHBOARD_PATTERNS.query, { sortBy: 'secret' }),
        org.failure(DASHBOARD_PATTERNS.query, { pageSize: 10_000 }),
        org.failure(DASHBOARD_PATTERNS.stats, { asOf: 'yesterday' }),
      ]);

      expect(failures.map((failure) => [failure.status, failure.errors?.[0]?.field])).toEqual([
        [400, 'sortBy'],
        [400, 'pageSize'],
        [400, 'asOf'],
      ]);
    });
  });

  describe('after changes', () => {
    let changing: OrgMessenger;

    // Each test seeds only the events it looks at: bucket writes are the slow part.
    beforeEach(async () => {
      changing = new OrgMessenger(client);
      await judgeDays(changing);
      await changing.send(RAD_SET_PATTERNS.addExamples);
    });

    it('applies a config change at once, and its rollback', async () => {
      await seedBuckets(service.app, changing.orgId, 'day', history(PRODUCT_VIEW, 400, 700));
      expect((await rowOf(changing, PRODUCT_VIEW)).status).toBe('INCREASED');

      const changed = await changing.send<DashboardConfigDto>(DASHBOARD_PATTERNS.putConfig, {
        increasePct: 100,
      });
      const afterChange = await rowOf(changing, PRODUCT_VIEW);
      await changing.send(DASHBOARD_PATTERNS.rollbackConfig, { version: 2 });
      const afterRollback = await rowOf(changing, PRODUCT_VIEW);

      expect(changed.version).toBe(3);
      expect(afterChange.status).toBe('NORMAL');
      expect(afterRollback.status).toBe('INCREASED');
    });

    it('classifies with a new RAD set at once, and scores with its thresholds and value', async () => {
      await seedBuckets(service.app, changing.orgId, 'day', history(LEGACY, 300, 0));
      expect((await rowOf(changing, LEGACY)).radSet).toBe('unknown');

      await changing.send(RAD_SET_PATTERNS.create, {
        name: 'Legacy',
        pattern: 'misc.leg*',
        colour: '#123456',
        valuePerEvent: 0.5,
      });

      expect(await rowOf(changing, LEGACY)).toMatchObject({
        radSet: 'Legacy',
        colour: '#123456',
        status: 'CRITICAL',
        eventsDelta: -300,
        impact: -150,
      });
    });

    it('reports the events of a disabled set as unknown', async () => {
      await seedBuckets(service.app, changing.orgId, 'day', [
        ...history(FEED_IMPRESSION, 1000, 100),
        ...history(LEGACY, 300, 0),
      ]);
      const feed = await setNamed(changing, 'Venture feed');
      expect((await rowOf(changing, FEED_IMPRESSION)).radSet).toBe('Venture feed');

      await changing.send(RAD_SET_PATTERNS.update, { id: feed.id, enabled: false });
      const stats = await changing.send<DashboardStatsDto>(DASHBOARD_PATTERNS.stats, {
        asOf: AS_OF,
      });

      expect(stats.byRadSet.map((set) => set.name)).not.toContain('Venture feed');
      expect(stats.byRadSet.at(-1)).toMatchObject({ name: 'unknown', total: 2 });
    });

    it('judges the last hours against the same hours of earlier weeks', async () => {
      const hour = (iso: string) => new Date(iso);
      const sixHours = (day: string, count: number): SeedCount[] =>
        [6, 7, 8, 9, 10, 11].map((h) => ({
          eventId: 'hourly.event',
          start: hour(`${day}T${String(h).padStart(2, '0')}:00:00Z`),
          count,
        }));
      await seedBuckets(service.app, changing.orgId, 'hour', [
        ...['2026-10-23', '2026-10-30', '2026-11-06', '2026-11-13'].flatMap((day) =>
          sixHours(day, 100),
        ),
        ...sixHours('2026-11-20', 20),
        { eventId: 'hourly.event', start: hour('2026-11-20T05:00:00Z'), count: 5000 },
        { eventId: 'hourly.event', start: hour('2026-11-20T12:00:00Z'), count: 5000 },
      ]);

      await changing.send(DASHBOARD_PATTERNS.putConfig, {
        windowMode: 'lastHours',
        windowHours: 6,
        baselineMode: 'sameHoursLastWeeks',
      });
      const page = await changing.send<DashboardPageDto>(DASHBOARD_PATTERNS.query, {
        asOf: '2026-11-20T12:30:00Z',
        search: 'hourly',
      });

      expect(page.window).toMatchObject({
        from: '2026-11-20T06:00:00.000Z',
        to: '2026-11-20T12:00:00.000Z',
        baselineMode: 'sameHoursLastWeeks',
        baselinePeriods: 4,
      });
      expect(page.items).toEqual([
        expect.objectContaining({
          eventId: 'hourly.event',
          current: 120,
          baseline: 600,
          changePct: -80,
          status: 'CRITICAL',
        }),
      ]);
    });
  });

  it('gives the alert evaluator the statuses of the last complete day', async () => {
    const statusOrg = new OrgMessenger(client);
    await judgeDays(statusOrg);
    const today = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);
    await seedBuckets(service.app, statusOrg.orgId, 'day', [
      ...dailySeries('alerting.event', dayBefore(today, 1), 20, 1000),
      { eventId: 'alerting.event', start: dayBefore(today, 1), count: 10 },
    ]);

    const statuses = await service.app.get(HealthService).currentStatuses(statusOrg.orgId);

    expect(statuses).toEqual([
      expect.objectContaining({ eventId: 'alerting.event', status: 'CRITICAL', current: 10 }),
    ]);
  });
});
