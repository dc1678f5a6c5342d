// One organisation's journey through the public surface of the whole system (two replicas of
// every app): sign up, ingest three weeks of traffic with a drop, see it go CRITICAL, get the
// alert live and by e-mail, pay for pro, get the forecast and the anomaly, and read the weekly
// report. The steps run in order and build on each other.
import { randomBytes } from 'node:crypto';
import { waitUntil } from '@vantage/transport/testing';
import { ApiClient, type Session } from '../src/client/api-client';
import { Inbox, type ReceivedMail } from '../src/client/inbox';
import { LiveClient } from '../src/client/live-client';
import { ControlClient } from '../src/control-client';
import {
  chunks,
  DAY_MS,
  dropDayStart,
  mondayBefore,
  reportedDayStart,
  SHOP_EVENTS,
  shopTraffic,
  telemetrySamples,
  trafficEvents,
} from '../src/scenario/shop-traffic';
import { StripeWebhooks } from '../src/scenario/stripe-webhooks';
import { emitUsage, weekOfUsage } from '../src/scenario/usage-backfill';
import { systemUnderTest } from '../src/system-under-test';

const sut = systemUnderTest();
const api = new ApiClient(sut.gatewayUrl);
const inbox = new Inbox(sut.maildevApiUrl ?? 'http://127.0.0.1:1080');
const tag = randomBytes(3).toString('hex');
const oncall = `oncall-${tag}@example.com`;
const executives = [`ceo-${tag}@example.com`, `cfo-${tag}@example.com`];
const now = Date.now();
const dropDay = dropDayStart(now);
// The weekly report judges the last day of last week: the traffic collapses there too. The
// telemetry series keep the one drop the anomaly step looks for (two collapsed days in a row,
// on Tuesdays, would make the second look like a new level).
const hours = shopTraffic(now, [dropDay, reportedDayStart(now)]);

let owner: Session;
let apiKey: string;
let live: LiveClient;
let alertId: string;

interface Row {
  eventId: string;
  status: string;
  changePct: number | null;
}

interface HealthWindow {
  from: string;
  windowMode: string;
  chosenBy: string;
  baselineMode: string;
}

describe('an organisation’s journey through Vantage', () => {
  afterAll(() => live?.close());

  it('signs up, gets an API key and a live connection', async () => {
    owner = await api.registerOrg(`journey-${tag}`);
    apiKey = (await api.createApiKey(owner, ['ingest', 'read', 'admin'])).key;
    live = await LiveClient.connect(sut.gatewayUrl, owner.accessToken, ['alerts', 'traffic']);
    expect(owner.organization.id).toMatch(/\S/);
  });

  it('judges the last complete day, where the drop is, naming only the window', async () => {
    // The default window is the last 24 hours up to now (docs/dashboard.md); the scenario's
    // drop fills the last complete UTC day, so the journey asks for that day. The baseline
    // follows the window (a daily average) without being named.
    const config = await api.expect<{ settings: { windowMode: string; baselineMode: string } }>(
      200,
      'PUT',
      '/api/v1/dashboard/config',
      { apiKey, body: { windowMode: 'lastCompleteDay' } },
    );
    expect(config.settings).toMatchObject({
      windowMode: 'lastCompleteDay',
      baselineMode: 'dailyAverage',
    });
  });

  it('alerts on CRITICAL checkouts, by e-mail', async () => {
    const rule = await api.expect<{ id: string }>(201, 'POST', '/api/v1/alerts/rules', {
      apiKey,
      body: {
        name: 'Checkouts collapsed',
        condition: { kind: 'status', statuses: ['CRITICAL'], eventIdGlob: 'shop.checkout.*' },
        severity: 'critical',
        channels: { email: { recipients: [oncall] } },
      },
    });
    expect(rule.id).toMatch(/\S/);
    // Not a member's address: it confirms (double opt-in) before any alert is mailed to it.
    await confirmByMail(oncall);
  });

  it('refuses a Slack webhook to a host other than Slack: it could lead inside', async () => {
    const refused = await api.call<{ errors?: Array<{ field: string }> }>(
      'POST',
      '/api/v1/alerts/rules',
      {
        apiKey,
        body: {
          name: 'Internal hook',
          condition: { kind: 'status', statuses: ['CRITICAL'] },
          channels: { slack: { webhookUrl: 'https://internal.corp.example/x' } },
        },
      },
    );
    expect(refused.status).toBe(400);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body.errors?.map((error) => error.field)).toContain('channels.slack.webhookUrl');
  });

  it('ingests three weeks of traffic, each batch counted once even when retried', async () => {
    const events = trafficEvents(hours);
    let accepted = 0;
    for (const [index, batch] of chunks(events, 1000).entries()) {
      const key = `journey-${tag}-${index}`;
      const first = await api.expect<{ accepted: number; rejected: number }>(
        202,
        'POST',
        '/api/v1/traffic/events',
        { apiKey, body: { events: batch }, headers: { 'idempotency-key': key } },
      );
      expect(first.rejected).toBe(0);
      accepted += first.accepted;
      // A client that lost the answer sends the batch again with the same key.
      if (index === 0) {
        const replay = await api.expect<{ accepted: number }>(
          202,
          'POST',
          '/api/v1/traffic/events',
          {
            apiKey,
            body: { events: batch },
            headers: { 'idempotency-key': key },
          },
        );
        expect(replay.accepted).toBe(first.accepted);
      }
    }
    expect(accepted).toBe(events.length);
    const samples = telemetrySamples(shopTraffic(now), now);
    for (const batch of chunks(samples, 2000)) {
      const answer = await api.expect<{ accepted: number }>(
        202,
        'POST',
        '/api/v1/telemetry/samples',
        {
          apiKey,
          body: { samples: batch },
        },
      );
      expect(answer.accepted).toBe(batch.length);
    }
  });

  it('shows the checkout event CRITICAL in /dashboard/query, the others not', async () => {
    let rows: Row[] = [];
    let window: HealthWindow | undefined;
    await waitUntil(
      async () => {
        const page = await api.expect<{ items: Row[]; window: HealthWindow }>(
          200,
          'POST',
          '/api/v1/dashboard/query',
          { apiKey, body: { search: 'shop.', pageSize: 50 } },
        );
        rows = page.items;
        window = page.window;
        // Ingest flushes each event's buckets on its own: until all are in, an event whose
        // day is half flushed looks like a drop too. Wait for the settled picture.
        const statusOf = (eventId: string) => rows.find((row) => row.eventId === eventId)?.status;
        return (
          statusOf(SHOP_EVENTS.checkouts) === 'CRITICAL' &&
          [SHOP_EVENTS.views, SHOP_EVENTS.searches].every(
            (other) => statusOf(other) !== undefined && statusOf(other) !== 'CRITICAL',
          )
        );
      },
      'the checkout event to turn CRITICAL while the others are not',
      60_000,
    );
    expect(window).toMatchObject({
      from: new Date(dropDay).toISOString(),
      windowMode: 'lastCompleteDay',
      chosenBy: 'config',
      baselineMode: 'dailyAverage',
    });
    const checkout = rows.find((row) => row.eventId === SHOP_EVENTS.checkouts);
    expect(checkout?.changePct).toBeLessThan(-70);
    for (const other of [SHOP_EVENTS.views, SHOP_EVENTS.searches])
      expect(rows.find((row) => row.eventId === other)?.status).not.toBe('CRITICAL');
    console.log(
      'dashboard rows:',
      rows.map((r) => `${r.eventId} ${r.status} ${r.changePct}%`).join('; '),
    );
  });

  it('raises the alert on /ws and by e-mail, and lets it be acknowledged', async () => {
    const raised = await live.waitFor(
      (f) => f['event'] === 'alert.raised',
      'alert.raised on /ws',
      60_000,
    );
    const data = raised['data'] as { id?: string; alert?: { id: string } };
    alertId = data.id ?? data.alert?.id ?? '';
    expect(alertId).toMatch(/\S/);
    const mails = await inbox.waitFor(oncall, isAlertMail, 1, 60_000);
    expect(mails[0]?.subject).toMatch(/Checkouts collapsed/);
    const acknowledged = await api.expect<{ status: string }>(
      200,
      'POST',
      `/api/v1/alerts/${alertId}/acknowledge`,
      {
        token: owner.accessToken,
      },
    );
    expect(acknowledged.status).toBe('acknowledged');
    await live.waitFor((f) => f['event'] === 'alert.acknowledged', 'alert.acknowledged on /ws');
    // One alert, one e-mail: the two traffic-monitor replicas evaluated the rule once per tick.
    expect((await inbox.to(oncall)).filter(isAlertMail)).toHaveLength(1);
  });

  it('upgrades to pro by signed Stripe webhooks; both gateway replicas apply the pro limit', async () => {
    const webhooks = new StripeWebhooks(api, sut.stripeWebhookSecret);
    const subscriber = StripeWebhooks.newSubscriber(owner.organization.id);
    // The subscription started ten days ago, so last week's report has revenue to show.
    await webhooks.subscribeToPro(subscriber, Math.floor((now - 10 * DAY_MS) / 1000));
    await waitUntil(
      async () => {
        const sub = await api.expect<{ plan: string }>(200, 'GET', '/api/v1/billing/subscription', {
          token: owner.accessToken,
        });
        return sub.plan === 'pro';
      },
      'the subscription to show pro',
      30_000,
    );
    const started = Date.now();
    for (const url of sut.gatewayReplicaUrls) {
      const replica = new ApiClient(url);
      await waitUntil(
        async () => {
          const response = await replica.call('GET', '/api/v1/rad-sets', { apiKey });
          return response.headers.get('x-ratelimit-limit') === '60000';
        },
        `the pro limit on ${url}`,
        10_000,
      );
    }
    console.log(
      `pro limit live on both gateway replicas ${Date.now() - started} ms after billing showed pro`,
    );
  });

  it('forecasts the ingested traffic with prediction intervals', async () => {
    const forecast = await api.expect<
      { points: { value: number; lower?: number; upper?: number; intervals?: unknown }[] } & Record<
        string,
        unknown
      >
    >(
      200,
      'GET',
      `/api/v1/telemetry/series/traffic:${SHOP_EVENTS.views}/forecast?horizon=24&level=80,95`,
      { apiKey, timeoutMs: 60_000 },
    );
    console.log('forecast keys:', Object.keys(forecast), JSON.stringify(forecast).slice(0, 400));
    expect(JSON.stringify(forecast)).toMatch(/95/);
  });

  it('flags the injected drop as an anomaly', async () => {
    const series = await api.expect<{ items: { id: string; name: string }[] }>(
      200,
      'GET',
      '/api/v1/telemetry/series?namePrefix=vantage.checkout.requests',
      { apiKey },
    );
    const requests = series.items.find((s) => s.name === 'vantage.checkout.requests');
    expect(requests).toBeDefined();
    let anomalies: { timestamp: string; score: number }[] = [];
    await waitUntil(
      async () => {
        const page = await api.expect<{ items: { timestamp: string; score: number }[] }>(
          200,
          'GET',
          `/api/v1/telemetry/anomalies?seriesId=${requests?.id ?? ''}`,
          { apiKey },
        );
        anomalies = page.items;
        return anomalies.some(
          (a) => Date.parse(a.timestamp) >= dropDay && Date.parse(a.timestamp) < dropDay + DAY_MS,
        );
      },
      'an anomaly on the drop day',
      90_000,
    );
    console.log(
      `anomalies: ${anomalies.length}, in the drop day: ${anomalies.filter((a) => Date.parse(a.timestamp) >= dropDay).length}`,
    );
  });

  it('sends last week’s report once per recipient, every section filled', async () => {
    // The executive report carries the business's revenue only for Vantage's own (operator)
    // organisation: make this one the operator, rolled out to billing like any config change.
    await ControlClient.fromEnvironment().rollingRestart('billing', {
      BILLING_OPERATOR_ORG_IDS: owner.organization.id,
    });
    const weekStart = mondayBefore(now) - 7 * DAY_MS;
    await emitUsage(sut.redisUrl ?? '', owner.organization.id, weekOfUsage(weekStart));
    for (const item of [
      {
        title: 'Checkout retry flow',
        status: 'done',
        doneAt: new Date(dropDay - 2 * DAY_MS).toISOString(),
      },
      { title: 'Search relevance', status: 'in_progress' },
      { title: 'EU payments', status: 'blocked' },
    ])
      await api.expect(201, 'POST', '/api/v1/roadmap', { token: owner.accessToken, body: item });
    // Recipients last: the schedule (Monday 08:00, already past today) sends as soon as there
    // are any, so every source must be complete by then.
    await waitUntil(
      async () => {
        const preview = await api.call('GET', '/api/v1/reports/weekly/preview', {
          token: owner.accessToken,
          timeoutMs: 30_000,
        });
        return preview.status === 200 && !/no [a-z ]*data yet/i.test(preview.text);
      },
      'every section of the preview to have data',
      60_000,
    );
    for (const email of executives) {
      await api.expect(201, 'POST', '/api/v1/reports/recipients', {
        token: owner.accessToken,
        body: { email },
      });
      await confirmByMail(email);
    }

    // The schedule and two concurrent sends (one per gateway replica): still one e-mail each.
    const answers = await Promise.all(
      sut.gatewayReplicaUrls.map((url) =>
        new ApiClient(url).call('POST', '/api/v1/reports/weekly/send', {
          token: owner.accessToken,
          body: {},
          timeoutMs: 60_000,
        }),
      ),
    );
    for (const answer of answers) expect(answer.status).toBeLessThan(300);
    for (const email of executives) {
      const mails = await inbox.waitFor(email, isReportMail, 1, 60_000);
      const text = mails[0]?.text ?? '';
      for (const section of ['Revenue', 'Usage', 'Traffic health', 'Reliability', 'Roadmap'])
        expect(text).toContain(`== ${section} ==`);
      expect(text).not.toMatch(/no [a-z ]*data yet/i);
      expect(text).toMatch(/MRR: \$49/);
      expect(text).toMatch(/Critical events: [1-9]/);
      expect(text).toMatch(/Events ingested: [1-9]/);
      expect(text).toContain('Checkout retry flow');
      console.log(`report to ${email}:\n${text.split('\n--')[0]}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 3000));
    for (const email of executives)
      expect((await inbox.to(email)).filter(isReportMail)).toHaveLength(1);
  });
});

function isAlertMail(mail: ReceivedMail): boolean {
  return !mail.subject.startsWith('Confirm');
}

function isReportMail(mail: ReceivedMail): boolean {
  return mail.subject.startsWith('Weekly report');
}

/** Follows the link of the confirmation mail `address` got: GET shows a button, POST confirms. */
async function confirmByMail(address: string): Promise<void> {
  const [mail] = await inbox.waitFor(address, (m) => m.subject.startsWith('Confirm'), 1, 60_000);
  const link = /https?:\/\/[^\s"<>]+\/api\/v1\/mail\/confirm\?token=[A-Za-z0-9._-]+/.exec(
    mail?.text ?? '',
  )?.[0];
  if (!link) throw new Error(`no confirmation link in the mail to ${address}`);
  const path = new URL(link);
  await api.expect(200, 'POST', `${path.pathname}${path.search}`);
}
