import {
  REPORT_RECIPIENT_PATTERNS,
  REPORT_RUN_PATTERNS,
  type ReportRecipientDto,
  type ReportScheduleDto,
  ROADMAP_PATTERNS,
  type RoadmapItemDto,
  type RoadmapVelocityDto,
  WEEKLY_REPORT_PATTERNS,
} from '@vantage/contracts';
import type { RedisStreamsClient } from '@vantage/transport';
import { connectReportingClient, OrgClient, uniqueAddress } from './support/org-client';
import { type ReportingReplica, startReplicas } from './support/reporting-replicas';

describe('recipients, roadmap and schedule over the transport', () => {
  let replica: ReportingReplica;
  let client: RedisStreamsClient;
  let org: OrgClient;
  let otherOrg: OrgClient;

  beforeAll(async () => {
    [replica] = (await startReplicas(1, {})) as [ReportingReplica];
    client = await connectReportingClient({
      redisUrl: replica.config.REDIS_URL,
      prefix: replica.config.TRANSPORT_PREFIX,
    });
  });

  beforeEach(() => {
    org = new OrgClient(client);
    otherOrg = new OrgClient(client);
  });

  afterAll(async () => {
    await client?.close();
    await replica?.close();
  });

  describe('recipients', () => {
    it('adds, lists, renames, unsubscribes and deletes a recipient of the org only', async () => {
      const email = uniqueAddress('ceo');
      const created = await org.send<ReportRecipientDto>(REPORT_RECIPIENT_PATTERNS.create, {
        email,
        name: 'Ada',
      });

      expect(created).toMatchObject({
        email,
        name: 'Ada',
        status: 'subscribed',
        unsubscribedAt: null,
      });
      expect(created.id).toMatch(/^rcp_[A-Za-z0-9]{20}$/);
      const renamed = await org.send<ReportRecipientDto>(REPORT_RECIPIENT_PATTERNS.update, {
        id: created.id,
        name: 'Ada L.',
      });
      expect(renamed.name).toBe('Ada L.');
      const left = await org.send<ReportRecipientDto>(REPORT_RECIPIENT_PATTERNS.update, {
        id: created.id,
        status: 'unsubscribed',
      });
      expect(left.status).toBe('unsubscribed');
      expect(left.unsubscribedAt).not.toBeNull();

      expect(
        await otherOrg.failure(REPORT_RECIPIENT_PATTERNS.get, { id: created.id }),
      ).toMatchObject({
        status: 404,
      });
      expect(
        (await otherOrg.send<{ items: unknown[] }>(REPORT_RECIPIENT_PATTERNS.list)).items,
      ).toEqual([]);

      await org.send(REPORT_RECIPIENT_PATTERNS.delete, { id: created.id });
      expect(await org.failure(REPORT_RECIPIENT_PATTERNS.get, { id: created.id })).toMatchObject({
        status: 404,
      });
    });

    it('refuses the same address twice in an org (any case) with 409', async () => {
      const email = uniqueAddress('cfo');
      await org.send(REPORT_RECIPIENT_PATTERNS.create, { email });

      const clash = await org.failure(REPORT_RECIPIENT_PATTERNS.create, {
        email: email.toUpperCase(),
      });

      expect(clash.status).toBe(409);
      await expect(
        otherOrg.send(REPORT_RECIPIENT_PATTERNS.create, { email }),
      ).resolves.toMatchObject({ email });
    });

    it.each([
      ['a malformed address', { email: 'not-an-address' }],
      ['an unknown field', { email: 'a@example.com', role: 'owner' }],
      ['a blank name', { email: 'a@example.com', name: '   ' }],
    ])('refuses %s with 400', async (_case, payload) => {
      expect((await org.failure(REPORT_RECIPIENT_PATTERNS.create, payload)).status).toBe(400);
    });

    it('never subscribes again someone who left', async () => {
      const created = await org.send<ReportRecipientDto>(REPORT_RECIPIENT_PATTERNS.create, {
        email: uniqueAddress('cto'),
      });

      const failure = await org.failure(REPORT_RECIPIENT_PATTERNS.update, {
        id: created.id,
        status: 'subscribed',
      });

      expect(failure.status).toBe(400);
    });
  });

  describe('roadmap', () => {
    it('keeps items per org, stamping doneAt when done and clearing it when reopened', async () => {
      const item = await org.send<RoadmapItemDto>(ROADMAP_PATTERNS.create, {
        title: 'Self-serve SSO',
        owner: 'ada@example.com',
        due: '2026-12-15',
      });
      expect(item).toMatchObject({ status: 'planned', doneAt: null, due: '2026-12-15' });

      const done = await org.send<RoadmapItemDto>(ROADMAP_PATTERNS.update, {
        id: item.id,
        status: 'done',
      });
      expect(done.doneAt).not.toBeNull();
      const reopened = await org.send<RoadmapItemDto>(ROADMAP_PATTERNS.update, {
        id: item.id,
        status: 'in_progress',
      });
      expect(reopened.doneAt).toBeNull();

      expect((await otherOrg.failure(ROADMAP_PATTERNS.get, { id: item.id })).status).toBe(404);
      const { items } = await org.send<{ items: RoadmapItemDto[] }>(ROADMAP_PATTERNS.list, {});
      expect(items.map((entry) => entry.title)).toEqual(['Self-serve SSO']);
      await org.send(ROADMAP_PATTERNS.delete, { id: item.id });
      expect((await org.failure(ROADMAP_PATTERNS.get, { id: item.id })).status).toBe(404);
    });

    it.each([
      ['a date that does not exist', { title: 'x', due: '2026-02-30' }],
      ['doneAt on an item not done', { title: 'x', doneAt: '2026-11-01T00:00:00Z' }],
      ['a doneAt in the future', { title: 'x', status: 'done', doneAt: '2099-01-01T00:00:00Z' }],
      ['an unknown status', { title: 'x', status: 'shipped' }],
      ['a blank title', { title: '  ' }],
    ])('refuses %s with 400', async (_case, payload) => {
      expect((await org.failure(ROADMAP_PATTERNS.create, payload)).status).toBe(400);
    });

    it('measures velocity over the last complete weeks', async () => {
      const now = Date.now();
      const weekAgo = new Date(now - 7 * 86_400_000).toISOString();
      await org.send(ROADMAP_PATTERNS.create, { title: 'a', status: 'done', doneAt: weekAgo });
      await org.send(ROADMAP_PATTERNS.create, { title: 'b', status: 'done', doneAt: weekAgo });

      const velocity = await org.send<RoadmapVelocityDto>(ROADMAP_PATTERNS.velocity, { weeks: 4 });

      expect(velocity.weeks).toHaveLength(4);
      expect(velocity.weeks.at(-1)?.completed).toBe(2);
      expect(velocity.averagePerWeek).toBe(0.5);
    });
  });

  describe('schedule', () => {
    it('defaults to Monday 08:00 UTC and takes a weekday, time and zone of the org', async () => {
      const defaults = await org.send<ReportScheduleDto>(WEEKLY_REPORT_PATTERNS.scheduleGet);
      expect(defaults).toMatchObject({ enabled: true, weekday: 1, time: '08:00', timeZone: 'UTC' });

      const changed = await org.send<ReportScheduleDto>(WEEKLY_REPORT_PATTERNS.schedulePut, {
        weekday: 2,
        time: '09:30',
        timeZone: 'Europe/Paris',
        orgName: 'Acme',
      });

      expect(changed).toMatchObject({
        weekday: 2,
        time: '09:30',
        timeZone: 'Europe/Paris',
        orgName: 'Acme',
      });
      expect(new Date(changed.nextRunAt).getUTCDay()).toBe(2);
      expect(await otherOrg.send(WEEKLY_REPORT_PATTERNS.scheduleGet)).toMatchObject({
        timeZone: 'UTC',
      });
    });

    it.each([
      ['an unknown zone', { timeZone: 'Mars/Olympus' }],
      ['a time out of the day', { time: '24:00' }],
      ['weekday 0', { weekday: 0 }],
    ])('refuses %s with 400', async (_case, payload) => {
      expect((await org.failure(WEEKLY_REPORT_PATTERNS.schedulePut, payload)).status).toBe(400);
    });
  });

  describe('runs', () => {
    it('answers 404 for a run of another org or an id that cannot be a run', async () => {
      expect(
        (await org.failure(REPORT_RUN_PATTERNS.get, { id: 'run_00000000000000000000' })).status,
      ).toBe(404);
      expect((await org.failure(REPORT_RUN_PATTERNS.get, { id: '../etc' })).status).toBe(404);
      expect((await org.failure(REPORT_RUN_PATTERNS.list, { before: 'not a cursor' })).status).toBe(
        400,
      );
    });
  });
});
