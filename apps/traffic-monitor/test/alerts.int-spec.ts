import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ALERT_MAIL_REQUESTED_EVENT,
  ALERT_PATTERNS,
  type AlertDto,
  DASHBOARD_PATTERNS,
  type AlertMailRequestedEvent,
  type AlertPageDto,
  type AlertRuleDto,
  type AlertRuleListDto,
  type LiveUpdate,
  LIVE_UPDATE_EVENT,
  RAD_SET_PATTERNS,
  type RadSetListDto,
  type TrafficStatusChangedUpdate,
} from '@vantage/contracts';
import { OrgMessenger, startTestService, type TestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsClient, RedisStreamsServer } from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { AlertEvaluator } from '../src/alerts/alert-evaluator';
import { AlertNotifier } from '../src/alerts/alert-notifier';
import { slackHttpClient } from '../src/alerts/slack-http.provider';
import type { SlackMessage } from '../src/alerts/slack-message';
import { SlackWebhookClient } from '../src/alerts/slack-webhook.client';
import { TrafficMonitorConfig } from '../src/config/traffic-monitor.config';
import { trafficMonitorService } from '../src/service-definition';
import { startTrafficMonitor } from './support/traffic-monitor-under-test';
import { dailySeries, dayBefore, seedBuckets, type SeedCount } from './support/bucket-seeder';
import { storeCallsDuring } from './support/store-calls';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

/**
 * Evaluations run at fixed instants of today (UTC), 06:00 onwards, so every one of them judges
 * yesterday against the 20 days before it, whatever time the suite runs.
 */
const TODAY = new Date(Math.floor(Date.now() / DAY_MS) * DAY_MS);
const YESTERDAY = dayBefore(TODAY, 1);
const T0 = TODAY.getTime() + 6 * 3_600_000;
const at = (minutes: number) => new Date(T0 + minutes * MINUTE_MS);

const FEED_IMPRESSION = 'pandc.vnext.recommendations.feed.feed_impression';
const FEED_CLICK = 'pandc.vnext.recommendations.feed.feed_click';
const CART_ADD = 'pandc.web.recommendations.cart.add';

/** Health judges the last complete day (the seeded one), not the default rolling hours. */
const judgeDays = (messenger: OrgMessenger) =>
  messenger.send(DASHBOARD_PATTERNS.putConfig, { windowMode: 'lastCompleteDay' });

/** 20 days at `baseline` a day, then `current` yesterday (the judged day). */
function history(eventId: string, baseline: number, current: number): SeedCount[] {
  return [
    ...dailySeries(eventId, YESTERDAY, 20, baseline),
    { eventId, start: YESTERDAY, count: current },
  ];
}

interface WebhookRequest {
  readonly path: string;
  readonly contentType: string | undefined;
  readonly body: { text: string; blocks?: unknown[] };
}

/** A Slack incoming webhook on a real local port; `/fail...` paths answer 500. */
class SlackReceiver {
  readonly requests: WebhookRequest[] = [];
  /** TCP connections accepted, whatever came over them (a TLS hello included). */
  connections = 0;
  private constructor(private readonly server: Server) {}

  static async start(): Promise<SlackReceiver> {
    const server = createServer();
    const receiver = new SlackReceiver(server);
    server.on('connection', () => (receiver.connections += 1));
    server.on('request', (request: IncomingMessage, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const path = request.url ?? '/';
        receiver.requests.push({
          path,
          contentType: request.headers['content-type'],
          body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as WebhookRequest['body'],
        });
        response.statusCode = path.startsWith('/fail') ? 500 : 200;
        response.end(path.startsWith('/fail') ? 'server_error' : 'ok');
      });
    });
    server.listen(0, '127.0.0.1');
    await once(server, 'listening');
    return receiver;
  }

  url(path: string): string {
    return `http://127.0.0.1:${this.port}${path}`;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  to(path: string): WebhookRequest[] {
    return this.requests.filter((request) => request.path === path);
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

describe('alerts', () => {
  let service: TestService;
  let client: RedisStreamsClient;
  let reporting: RedisStreamsServer;
  let gateway: RedisStreamsServer;
  let slack: SlackReceiver;
  let evaluator: AlertEvaluator;
  let notifier: AlertNotifier;
  const mails: AlertMailRequestedEvent[] = [];
  const live: LiveUpdate[] = [];

  /** Runs one evaluation of the org as of `now`, and waits for its notifications. */
  const evaluate = async (org: OrgMessenger, now: Date) => {
    const report = await evaluator.evaluateOrg(org.orgId, now);
    await notifier.idle();
    return report;
  };
  const alertsOf = async (org: OrgMessenger, query: Record<string, unknown> = {}) =>
    (await org.send<AlertPageDto>(ALERT_PATTERNS.list, query)).items;
  const liveOf = (org: OrgMessenger, type: string) =>
    live.filter((update) => update.orgId === org.orgId && update.type === type);
  const mailsOf = (org: OrgMessenger, kind: string) =>
    mails.filter((mail) => mail.orgId === org.orgId && mail.kind === kind);
  const createRule = (org: OrgMessenger, fields: Record<string, unknown>) =>
    org.send<AlertRuleDto>(ALERT_PATTERNS.rulesCreate, {
      name: 'Feed collapsed',
      condition: {
        kind: 'status',
        statuses: ['CRITICAL'],
        eventIdGlob: 'pandc.vnext.recommendations.feed.*',
      },
      ...fields,
    });

  beforeAll(async () => {
    ({ service, client } = await startTrafficMonitor({
      ALERT_EVALUATION_INTERVAL_MS: '0',
      HEALTH_CACHE_TTL_MS: '0',
      ALERT_SLACK_BACKOFF_MS: '10',
      ALERT_SLACK_MAX_ATTEMPTS: '3',
    }));
    const transport = {
      prefix: service.config.TRANSPORT_PREFIX,
      redisUrl: service.config.REDIS_URL,
    };
    // The reporting service as the traffic monitor sees it: a consumer of the mail requests.
    reporting = await startTestServer({ ...transport, service: 'reporting' }, [
      {
        pattern: ALERT_MAIL_REQUESTED_EVENT,
        event: true,
        handler: (event: AlertMailRequestedEvent) => void mails.push(event),
      },
    ]);
    // A gateway replica: every live update is a broadcast it receives for its /ws clients.
    gateway = await startTestServer({ ...transport, service: 'gateway' }, [
      {
        pattern: LIVE_UPDATE_EVENT,
        event: true,
        broadcast: true,
        handler: (update: LiveUpdate) => void live.push(update),
      },
    ]);
    slack = await SlackReceiver.start();
    evaluator = service.app.get(AlertEvaluator);
    notifier = service.app.get(AlertNotifier);
  });

  afterAll(async () => {
    await client?.close();
    await reporting?.close();
    await gateway?.close();
    await service?.close();
    await slack?.close();
  });

  describe('a status rule', () => {
    const org = () => acme;
    let acme: OrgMessenger;
    let rule: AlertRuleDto;
    let first: AlertDto;
    let second: AlertDto;

    beforeAll(async () => {
      acme = new OrgMessenger(client);
      await judgeDays(acme);
      await acme.send(RAD_SET_PATTERNS.addExamples);
      await seedBuckets(service.app, acme.orgId, 'day', [
        ...history(FEED_IMPRESSION, 1000, 100), // -90%: CRITICAL
        ...history(CART_ADD, 500, 500), // NORMAL, and outside the rule's glob
      ]);
      rule = await createRule(acme, {
        severity: 'critical',
        channels: {
          slack: { webhookUrl: slack.url('/acme') },
          email: { recipients: ['OnCall@Example.com', 'cto@example.com'] },
        },
      });
    });

    it('raises exactly one alert over several evaluations, and notifies each channel once', async () => {
      const reports = [];
      for (const minute of [0, 1, 2, 3]) reports.push(await evaluate(org(), at(minute)));

      expect(reports.map((report) => report.raised)).toEqual([1, 0, 0, 0]);
      const alerts = await alertsOf(org());
      expect(alerts).toHaveLength(1);
      first = alerts[0] as AlertDto;
      expect(first).toMatchObject({
        id: expect.stringMatching(/^alt_[A-Za-z0-9]{20}$/),
        ruleId: rule.id,
        ruleName: 'Feed collapsed',
        severity: 'critical',
        status: 'open',
        openedAt: at(0).toISOString(),
        lastSeenAt: at(3).toISOString(),
        resolvedAt: null,
        summary: `1 event CRITICAL: ${FEED_IMPRESSION} (-90%)`,
        details: {
          kind: 'status',
          matched: 1,
          events: [{ eventId: FEED_IMPRESSION, status: 'CRITICAL', current: 100, baseline: 1000 }],
          windowFrom: YESTERDAY.toISOString(),
          windowTo: TODAY.toISOString(),
        },
      });
      expect(slack.to('/acme')).toHaveLength(1);
      expect(slack.to('/acme')[0]).toMatchObject({
        contentType: 'application/json',
        body: { text: expect.stringContaining('[CRITICAL] Feed collapsed') },
      });
      await waitUntil(() => mailsOf(org(), 'raised').length > 0, 'the mail request');
      expect(mailsOf(org(), 'raised')[0]).toMatchObject({
        dedupeKey: `${first.id}:raised`,
        alertId: first.id,
        ruleId: rule.id,
        severity: 'critical',
        recipients: ['oncall@example.com', 'cto@example.com'],
        resolvedAt: null,
      });
      await waitUntil(() => liveOf(org(), 'alert.raised').length > 0, 'the live update');
      expect(liveOf(org(), 'alert.raised')[0]).toMatchObject({
        channel: 'alerts',
        data: { id: first.id, status: 'open' },
      });
    });

    it('resolves the alert once the condition clears, and notifies that once', async () => {
      // The missing events arrive after all: yesterday is back to its usual 1,000.
      await seedBuckets(service.app, acme.orgId, 'day', [
        { eventId: FEED_IMPRESSION, start: YESTERDAY, count: 900 },
      ]);

      const reports = [await evaluate(org(), at(4)), await evaluate(org(), at(5))];

      expect(reports.map((report) => report.resolved)).toEqual([1, 0]);
      expect(await alertsOf(org())).toEqual([
        {
          ...first,
          status: 'resolved',
          resolvedAt: at(4).toISOString(),
          resolvedReason: 'condition-cleared',
        },
      ]);
      expect(slack.to('/acme')).toHaveLength(2);
      expect(slack.to('/acme')[1]?.body.text).toContain('Resolved [CRITICAL] Feed collapsed');
      await waitUntil(() => mailsOf(org(), 'resolved').length > 0, 'the resolution mail');
      await waitUntil(() => liveOf(org(), 'alert.resolved').length > 0, 'the live resolution');
      // Streams deliver in order: everything sent before the resolution has arrived by now.
      expect(mailsOf(org(), 'raised')).toHaveLength(1);
      expect(mailsOf(org(), 'resolved')).toEqual([
        expect.objectContaining({
          dedupeKey: `${first.id}:resolved`,
          resolvedAt: at(4).toISOString(),
        }),
      ]);
      expect(liveOf(org(), 'alert.raised')).toHaveLength(1);
      expect(liveOf(org(), 'alert.resolved')).toHaveLength(1);
    });

    it('publishes the event status change on the traffic channel', async () => {
      await waitUntil(
        () => liveOf(org(), 'traffic.status.changed').length > 0,
        'the traffic update',
      );

      const updates = liveOf(org(), 'traffic.status.changed');
      expect(updates).toHaveLength(1); // the first evaluation only recorded the statuses
      expect(updates[0]).toMatchObject({ channel: 'traffic' });
      expect(updates[0]?.data as TrafficStatusChangedUpdate).toEqual({
        changes: [
          { eventId: FEED_IMPRESSION, radSet: 'Venture feed', from: 'CRITICAL', to: 'NORMAL' },
        ],
        truncated: 0,
        statusCounts: { NORMAL: 2 },
        windowFrom: YESTERDAY.toISOString(),
        windowTo: TODAY.toISOString(),
      });
    });

    it('opens no new alert within the cooldown after a resolve, and one after it', async () => {
      // Another feed event collapses 6 minutes after the resolve; the cooldown is 30 minutes.
      await seedBuckets(service.app, acme.orgId, 'day', history(FEED_CLICK, 1000, 50));

      await evaluate(org(), at(10));
      await evaluate(org(), at(33));
      expect(await alertsOf(org())).toHaveLength(1);
      expect(slack.to('/acme')).toHaveLength(2);

      const report = await evaluate(org(), at(34)); // 30 minutes after the resolve at 4

      expect(report.raised).toBe(1);
      const alerts = await alertsOf(org());
      expect(alerts.map((alert) => [alert.status, alert.openedAt])).toEqual([
        ['open', at(34).toISOString()],
        ['resolved', at(0).toISOString()],
      ]);
      second = alerts[0] as AlertDto;
      expect(second.details).toMatchObject({ events: [{ eventId: FEED_CLICK }] });
      expect(slack.to('/acme')).toHaveLength(3);
    });

    it('acknowledges an open alert once, and keeps it without notifying again', async () => {
      const acknowledged = await acme.send<AlertDto>(ALERT_PATTERNS.acknowledge, { id: second.id });
      const again = await acme.send<AlertDto>(ALERT_PATTERNS.acknowledge, { id: second.id });
      await evaluate(org(), at(35));

      expect(acknowledged).toMatchObject({ status: 'acknowledged', ackBy: acme.actor.id });
      expect(again.ackAt).toBe(acknowledged.ackAt);
      expect(await acme.send<AlertDto>(ALERT_PATTERNS.get, { id: second.id })).toMatchObject({
        status: 'acknowledged',
        lastSeenAt: at(35).toISOString(),
      });
      expect(slack.to('/acme')).toHaveLength(3);
      await waitUntil(() => liveOf(org(), 'alert.acknowledged').length > 0, 'the live ack');
      expect(liveOf(org(), 'alert.acknowledged')[0]?.data).toMatchObject({ id: second.id });
    });

    it('refuses to acknowledge a resolved alert', async () => {
      const failure = await acme.failure(ALERT_PATTERNS.acknowledge, { id: first.id });

      expect(failure).toMatchObject({ status: 409, code: 'CONFLICT' });
    });

    it('filters the list and pages through it with a cursor', async () => {
      const open = await alertsOf(acme, { status: ['open', 'acknowledged'] });
      const critical = await alertsOf(acme, { severity: ['critical'], ruleId: rule.id });
      const none = await alertsOf(acme, { severity: ['info'] });
      const early = await alertsOf(acme, { from: at(0).toISOString(), to: at(1).toISOString() });
      const page1 = await acme.send<AlertPageDto>(ALERT_PATTERNS.list, { limit: 1 });
      const page2 = await acme.send<AlertPageDto>(ALERT_PATTERNS.list, {
        limit: 1,
        cursor: page1.nextCursor,
      });

      expect(open.map((alert) => alert.id)).toEqual([second.id]);
      expect(critical).toHaveLength(2);
      expect(none).toEqual([]);
      expect(early.map((alert) => alert.id)).toEqual([first.id]);
      expect(page1.items.map((alert) => alert.id)).toEqual([second.id]);
      expect(page2).toEqual({
        items: [expect.objectContaining({ id: first.id })],
        nextCursor: null,
      });
    });

    it('refuses a bad cursor or an empty time range with a 400', async () => {
      const badCursor = await acme.failure(ALERT_PATTERNS.list, { cursor: 'bm90LWEtY3Vyc29y' });
      const emptyRange = await acme.failure(ALERT_PATTERNS.list, {
        from: at(5).toISOString(),
        to: at(5).toISOString(),
      });

      expect(badCursor).toMatchObject({ status: 400, errors: [{ field: 'cursor' }] });
      expect(emptyRange).toMatchObject({ status: 400, errors: [{ field: 'to' }] });
    });

    it("answers 404 for another organisation's alerts and rules", async () => {
      const other = new OrgMessenger(client);

      const failures = await Promise.all([
        other.failure(ALERT_PATTERNS.get, { id: second.id }),
        other.failure(ALERT_PATTERNS.acknowledge, { id: second.id }),
        other.failure(ALERT_PATTERNS.rulesGet, { id: rule.id }),
        other.failure(ALERT_PATTERNS.rulesUpdate, { id: rule.id, name: 'Mine now' }),
        other.failure(ALERT_PATTERNS.rulesDelete, { id: rule.id }),
      ]);

      expect(failures.map((failure) => failure.status)).toEqual([404, 404, 404, 404, 404]);
      expect(await alertsOf(other)).toEqual([]);
      expect((await other.send<AlertRuleListDto>(ALERT_PATTERNS.rulesList)).items).toEqual([]);
      expect(await acme.send<AlertRuleDto>(ALERT_PATTERNS.rulesGet, { id: rule.id })).toMatchObject(
        {
          name: 'Feed collapsed',
        },
      );
    });

    it('resolves the open alert without announcing it when the rule is deleted', async () => {
      const deleted = await acme.send<AlertRuleDto>(ALERT_PATTERNS.rulesDelete, { id: rule.id });
      await notifier.idle();

      expect(deleted.id).toBe(rule.id);
      expect(await acme.send<AlertDto>(ALERT_PATTERNS.get, { id: second.id })).toMatchObject({
        status: 'resolved',
        resolvedReason: 'rule-deleted',
      });
      expect(slack.to('/acme')).toHaveLength(3);
      await waitUntil(() => liveOf(org(), 'alert.resolved').length === 2, 'the live resolution');
      expect(mailsOf(org(), 'resolved')).toHaveLength(1);
    });
  });

  describe('a formula rule', () => {
    let org: OrgMessenger;

    /** `count` of the checkout events in each minute of [from, from + minutes). */
    const seedMinutes = (from: Date, minutes: number, count: number) =>
      seedBuckets(
        service.app,
        org.orgId,
        'minute',
        Array.from({ length: minutes }, (_, i) => ({
          eventId: 'shop.checkout.paid',
          start: new Date(from.getTime() + i * MINUTE_MS),
          count,
        })),
      );

    beforeAll(async () => {
      org = new OrgMessenger(client);
    });

    it('raises when the value of the last complete window crosses the threshold, resolves when not', async () => {
      const rule = await org.send<AlertRuleDto>(ALERT_PATTERNS.rulesCreate, {
        name: 'Checkout surge',
        condition: {
          kind: 'formula',
          expression: 'count(eventId="shop.checkout.*")',
          operator: 'gt',
          threshold: 100,
          windowMinutes: 5,
        },
        cooldownMinutes: 0,
        channels: { slack: { webhookUrl: slack.url('/formula') } },
      });
      // 06:05-06:10: 200 events; 06:10-06:15: 20; the window still running at 06:15 is ignored.
      await seedMinutes(at(5), 5, 40);
      await seedMinutes(at(10), 5, 4);
      await seedMinutes(at(15), 1, 1000);

      const raised = await evaluate(org, new Date(at(10).getTime() + 30_000));
      const resolved = await evaluate(org, new Date(at(15).getTime() + 30_000));

      expect([raised.raised, resolved.resolved]).toEqual([1, 1]);
      const [alert] = await alertsOf(org);
      expect(alert).toMatchObject({
        ruleId: rule.id,
        severity: 'warning',
        status: 'resolved',
        summary: 'count(eventId="shop.checkout.*") = 200 (> 100)',
        details: {
          kind: 'formula',
          operator: 'gt',
          threshold: 100,
          value: 200,
          intervalFrom: at(5).toISOString(),
          intervalTo: at(10).toISOString(),
        },
      });
      expect(slack.to('/formula').map((request) => request.body.text)).toEqual([
        expect.stringContaining('[WARNING] Checkout surge'),
        expect.stringContaining('Resolved [WARNING] Checkout surge'),
      ]);
    });

    it('refuses a formula that does not compile, with where and why', async () => {
      const failure = await org.failure(ALERT_PATTERNS.rulesCreate, {
        name: 'Broken',
        condition: { kind: 'formula', expression: 'cout()', operator: 'gt', threshold: 1 },
      });

      expect(failure).toMatchObject({
        status: 400,
        errors: [
          expect.objectContaining({ field: 'condition.expression', code: 'unknown_function' }),
        ],
      });
    });
  });

  describe('delivery', () => {
    it('counts a webhook that keeps failing, after its retries, and still evaluates the other rules', async () => {
      const org = new OrgMessenger(client);
      await judgeDays(org);
      await seedBuckets(service.app, org.orgId, 'day', history(FEED_IMPRESSION, 1000, 10));
      await createRule(org, {
        name: 'Failing hook',
        channels: { slack: { webhookUrl: slack.url('/fail') } },
      });
      await createRule(org, {
        name: 'Working hook',
        channels: { slack: { webhookUrl: slack.url('/ok') } },
      });
      const failedBefore = await failedSlackNotifications(service);

      const report = await evaluate(org, at(0));

      expect(report).toMatchObject({ rules: 2, raised: 2, failed: 0 });
      expect(slack.to('/fail')).toHaveLength(3);
      expect(slack.to('/ok')).toHaveLength(1);
      expect(await failedSlackNotifications(service)).toBe(failedBefore + 1);
    });

    it('opens one alert when two evaluations race for the same rule', async () => {
      const org = new OrgMessenger(client);
      await judgeDays(org);
      await seedBuckets(service.app, org.orgId, 'day', history(FEED_IMPRESSION, 1000, 10));
      await createRule(org, { channels: { slack: { webhookUrl: slack.url('/race') } } });

      const [first, second, all] = await Promise.all([
        evaluator.evaluateOrg(org.orgId, at(0)),
        evaluator.evaluateOrg(org.orgId, at(0)),
        evaluator.evaluateAll(at(0)),
      ]);
      await notifier.idle();

      // evaluateAll also judges the rules other orgs left in the database, and its report counts
      // their alerts: the org's own raises are counted by what names the org (each raise is
      // notified once), and the reports only bound them.
      const raisedByOrg = first.raised + second.raised;
      expect(raisedByOrg).toBeLessThanOrEqual(1);
      expect(all.raised).toBeGreaterThanOrEqual(1 - raisedByOrg);
      expect(await alertsOf(org)).toHaveLength(1);
      expect(slack.to('/race')).toHaveLength(1);
      await waitUntil(() => liveOf(org, 'alert.raised').length > 0, 'the live update');
      expect(liveOf(org, 'alert.raised')).toHaveLength(1);
    });
  });

  describe('evaluation passes', () => {
    /** The stored-count reads of `orgId` while `run` runs: buckets or per-org totals. */
    const countReadsOf = async (orgId: string, run: () => Promise<unknown>) =>
      (await storeCallsDuring(run)).filter(
        (call) =>
          (call.collection.startsWith('traffic_buckets_') ||
            call.collection === 'traffic_org_totals') &&
          JSON.stringify(call.filter).includes(orgId),
      ).length;

    it('judges an organisation whose counts and window are unchanged without reading its counts again', async () => {
      const org = new OrgMessenger(client);
      await judgeDays(org);
      await seedBuckets(service.app, org.orgId, 'day', history(FEED_IMPRESSION, 1000, 10));
      await createRule(org, {});
      expect((await evaluate(org, at(0))).raised).toBe(1);

      const reads = await countReadsOf(org.orgId, () => evaluate(org, at(1)));

      expect(reads).toBe(0);
      // The rule was still judged, on the statuses kept from the previous pass.
      expect(await alertsOf(org)).toEqual([
        expect.objectContaining({
          status: 'open',
          openedAt: at(0).toISOString(),
          lastSeenAt: at(1).toISOString(),
        }),
      ]);
      // New counts are judged at the next pass.
      await seedBuckets(service.app, org.orgId, 'day', [
        { eventId: FEED_IMPRESSION, start: YESTERDAY, count: 990 },
      ]);
      expect(await countReadsOf(org.orgId, () => evaluate(org, at(2)))).toBeGreaterThan(0);
      expect(await alertsOf(org)).toEqual([
        expect.objectContaining({ status: 'resolved', resolvedAt: at(2).toISOString() }),
      ]);
    });

    it('reads the rules from memory while none changed, and again after a change', async () => {
      const org = new OrgMessenger(client);
      const rule = await createRule(org, {});
      await evaluate(org, at(0));
      const ruleReads = async (run: () => Promise<unknown>) =>
        (await storeCallsDuring(run)).filter((call) => call.collection === 'alert_rules').length;

      expect(await ruleReads(() => evaluate(org, at(1)))).toBe(0);
      expect(
        await ruleReads(async () => {
          const listed = await org.send<AlertRuleListDto>(ALERT_PATTERNS.rulesList, {});
          expect(listed.items.map((item) => item.id)).toEqual([rule.id]);
        }),
      ).toBe(0);

      await org.send(ALERT_PATTERNS.rulesUpdate, { id: rule.id, enabled: false });
      expect(await ruleReads(() => evaluate(org, at(2)))).toBeGreaterThan(0);
      expect((await evaluate(org, at(3))).rules).toBe(0);
    });
  });

  describe('rule validation', () => {
    let org: OrgMessenger;

    beforeAll(() => {
      org = new OrgMessenger(client);
    });

    it('fills in the defaults and masks the webhook URL', async () => {
      await org.send(RAD_SET_PATTERNS.addExamples);
      const { items } = await org.send<RadSetListDto>(RAD_SET_PATTERNS.list);
      const feed = items.find((set) => set.name === 'Venture feed');

      const rule = await createRule(org, {
        condition: { kind: 'status', statuses: ['CRITICAL', 'WARNING'], radSetId: feed?.id },
        channels: { slack: { webhookUrl: slack.url('/secret-token-abcd') } },
      });

      expect(rule).toMatchObject({
        id: expect.stringMatching(/^arl_[A-Za-z0-9]{20}$/),
        enabled: true,
        severity: 'warning',
        cooldownMinutes: 30,
        condition: {
          kind: 'status',
          statuses: ['CRITICAL', 'WARNING'],
          radSetId: feed?.id,
          eventIdGlob: null,
          minEvents: 1,
        },
        createdBy: org.actor.id,
      });
      expect(rule.channels.slack?.webhookUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/…abcd$/);
      expect(JSON.stringify(rule)).not.toContain('secret-token');
    });

    it('changes only the fields given', async () => {
      const rule = await createRule(org, { severity: 'info' });

      const updated = await org.send<AlertRuleDto>(ALERT_PATTERNS.rulesUpdate, {
        id: rule.id,
        name: 'Renamed',
        enabled: false,
      });

      expect(updated).toMatchObject({
        name: 'Renamed',
        enabled: false,
        severity: 'info',
        condition: rule.condition,
      });
    });

    it('replaces the condition whole on update, validated as its kind', async () => {
      const rule = await createRule(org, {});
      const formula = { kind: 'formula', expression: 'count()', operator: 'lt', threshold: 1 };

      const updated = await org.send<AlertRuleDto>(ALERT_PATTERNS.rulesUpdate, {
        id: rule.id,
        condition: formula,
      });
      const failure = await org.failure(ALERT_PATTERNS.rulesUpdate, {
        id: rule.id,
        condition: { ...formula, threshold: undefined, statuses: ['CRITICAL'] },
      });
      const missing = await org.failure(ALERT_PATTERNS.rulesUpdate, {
        id: rule.id,
        condition: { ...formula, threshold: undefined },
      });

      expect(updated.condition).toEqual({ ...formula, windowMinutes: 5 });
      expect(failure.status).toBe(400);
      // A field of the other kind is named without the fields missing, which it may stand for.
      expect(failure.errors?.map((error) => error.field)).toEqual(['condition.statuses']);
      expect(missing.errors?.map((error) => error.field)).toEqual(
        expect.arrayContaining(['condition.threshold']),
      );
    });

    it.each([
      ['an unknown condition kind', { condition: { kind: 'sometimes' } }, 'condition.kind'],
      [
        'a status that is not alertable',
        { condition: { kind: 'status', statuses: ['NORMAL'] } },
        'condition.statuses',
      ],
      [
        'a RAD set of no one',
        {
          condition: {
            kind: 'status',
            statuses: ['CRITICAL'],
            radSetId: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4',
          },
        },
        'condition.radSetId',
      ],
      [
        'plain http to a host other than localhost',
        { channels: { slack: { webhookUrl: 'http://hooks.slack.com/services/x' } } },
        'channels.slack.webhookUrl',
      ],
      [
        'a webhook host that is not on SLACK_WEBHOOK_HOSTS (it may resolve to an internal host)',
        { channels: { slack: { webhookUrl: 'https://internal.corp.example/x' } } },
        'channels.slack.webhookUrl',
      ],
      [
        'something that is not an e-mail address',
        { channels: { email: { recipients: ['not-an-address'] } } },
        'channels.email.recipients',
      ],
      ['a negative cooldown', { cooldownMinutes: -1 }, 'cooldownMinutes'],
    ])('refuses %s with a 400 naming the field', async (_what, fields, field) => {
      const failure = await org.failure(ALERT_PATTERNS.rulesCreate, {
        name: 'Invalid',
        condition: { kind: 'status', statuses: ['CRITICAL'] },
        ...fields,
      });

      expect(failure.status).toBe(400);
      expect(failure.errors?.map((error) => error.field)).toContain(field);
    });

    it('answers 404 for an id that cannot be a rule or an alert', async () => {
      const failures = await Promise.all([
        org.failure(ALERT_PATTERNS.rulesGet, { id: 'rad_3kT9wQ1mZp8Lx2Vb7Nc4' }),
        org.failure(ALERT_PATTERNS.get, { id: '../x' }),
        org.failure(ALERT_PATTERNS.acknowledge, { id: 'alt_3kT9wQ1mZp8Lx2Vb7Nc4' }),
      ]);

      expect(failures.map((failure) => failure.status)).toEqual([404, 404, 404]);
    });
  });
});

describe('Slack webhooks and internal addresses', () => {
  let service: TestService;
  let receiver: SlackReceiver;
  const message: SlackMessage = { text: 'Resolved [CRITICAL] Feed collapsed', blocks: [] };
  /** A client whose DNS answers `address` for every name, as a rebinding attacker's would. */
  const clientResolving = (address: string) => {
    const config = service.app.get(TrafficMonitorConfig);
    return new SlackWebhookClient(
      config,
      slackHttpClient(config, async () => [{ address, family: address.includes(':') ? 6 : 4 }]),
    );
  };

  beforeAll(async () => {
    service = await startTestService(trafficMonitorService, {
      env: { ALERT_EVALUATION_INTERVAL_MS: '0', ALERT_SLACK_BACKOFF_MS: '10' },
      testFile: 'alerts-ssrf',
    });
    receiver = await SlackReceiver.start();
  });

  afterAll(async () => {
    await service?.close();
    await receiver?.close();
  });

  it('does not connect when an allowed webhook host resolves to this machine', async () => {
    const slack = clientResolving('127.0.0.1');
    const delivery = await slack.post(
      `https://hooks.slack.com:${receiver.port}/services/x`,
      message,
    );
    await slack.onApplicationShutdown();

    expect(delivery).toEqual({ ok: false, attempts: 1, reason: 'refused: loopback address' });
    expect(receiver.connections).toBe(0);
  });

  it.each([
    ['10.0.0.7', 'private'],
    ['169.254.169.254', 'link-local'],
    ['100.64.1.1', 'shared-cgnat'],
    ['::ffff:127.0.0.1', 'ipv4-mapped'],
    ['fd00::7', 'unique-local'],
  ])('refuses an allowed webhook host resolving to %s (%s)', async (address, addressClass) => {
    const slack = clientResolving(address);
    const delivery = await slack.post(
      `https://hooks.slack.com:${receiver.port}/services/x`,
      message,
    );
    await slack.onApplicationShutdown();

    expect(delivery).toEqual({
      ok: false,
      attempts: 1,
      reason: `refused: ${addressClass} address`,
    });
  });

  it('refuses at delivery a stored webhook whose host is no longer allowed', async () => {
    const slack = clientResolving('127.0.0.1');
    const delivery = await slack.post(`https://internal.corp.example:${receiver.port}/x`, message);
    await slack.onApplicationShutdown();

    expect(delivery).toMatchObject({ ok: false, attempts: 0 });
    expect(receiver.connections).toBe(0);
  });
});

/** vantage_alert_notifications_total{channel="slack",outcome="failed"} from /metrics. */
async function failedSlackNotifications(service: TestService): Promise<number> {
  const text = await (await service.opsFetch('/metrics')).text();
  const line = text
    .split('\n')
    .find((candidate) =>
      candidate.startsWith('vantage_alert_notifications_total{channel="slack",outcome="failed"}'),
    );
  return line ? Number(line.split(' ').at(-1)) : 0;
}
