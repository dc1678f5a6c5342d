// Run while `npm start` runs: `npx tsx --tsconfig tsconfig.base.json tools/reporting/seed-demo.ts`
// (the base config for its legacy decorators). Signs up a demo organisation through the
// gateway, gives it report recipients, roadmap items, two weeks of traffic events and of gateway
// usage, sends its weekly report of last week, and waits until the e-mails are in the local SMTP
// server (maildev). See docs/reporting.md.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { GATEWAY_USAGE_RECORDED_EVENT, type UsageRecordDto } from '@vantage/contracts';
import { RedisStreamsClient } from '@vantage/transport';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

interface Settings {
  readonly gatewayUrl: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly maildevApiUrl: string | null;
  readonly recipients: readonly string[];
}

function settings(): Settings {
  const stateFile = path.join(__dirname, '..', '..', '.infra', 'state.json');
  const state = fs.existsSync(stateFile)
    ? (JSON.parse(fs.readFileSync(stateFile, 'utf8')) as Record<string, unknown>)
    : {};
  const fromState = (key: string): string | null =>
    typeof state[key] === 'string' ? (state[key] as string) : null;
  const redisUrl = process.env['REDIS_URL'] ?? fromState('redisUrl');
  if (!redisUrl)
    throw new Error('REDIS_URL is not set and .infra/state.json has none: is npm start running?');
  return {
    gatewayUrl: process.env['GATEWAY_URL'] ?? 'http://127.0.0.1:3000',
    redisUrl,
    prefix: process.env['TRANSPORT_PREFIX'] ?? 'vantage',
    maildevApiUrl: process.env['MAILDEV_API_URL'] ?? fromState('maildevApiUrl'),
    recipients: (process.env['DEMO_RECIPIENTS'] ?? 'ceo@acme.example,cfo@acme.example')
      .split(',')
      .map((address) => address.trim())
      .filter((address) => address !== ''),
  };
}

async function api<T>(
  config: Settings,
  method: string,
  route: string,
  options: { token?: string; body?: unknown } = {},
): Promise<T> {
  const response = await fetch(`${config.gatewayUrl}${route}`, {
    method,
    headers: {
      ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
      ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
    },
    ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${method} ${route} answered ${response.status}: ${text}`);
  return (text ? JSON.parse(text) : {}) as T;
}

/** The token of the verification link mailed to `email`, once maildev has it. */
async function verificationToken(maildevApiUrl: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mails = (await (await fetch(`${maildevApiUrl}/api/email`)).json()) as {
      to: { address: string }[];
      text?: string;
    }[];
    const mail = mails.find((candidate) => candidate.to.some((to) => to.address === email));
    const token = /[?&]token=([A-Za-z0-9_]+)/.exec(mail?.text ?? '')?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no verification mail reached ${email}`);
}

/** Hourly counts of three event ids over the last 13 days; the cart one collapses lately. */
function trafficEvents(now: number): Record<string, unknown>[] {
  const events: Record<string, unknown>[] = [];
  const start = Math.floor((now - 13 * DAY_MS) / HOUR_MS) * HOUR_MS;
  for (let hour = start; hour < now - HOUR_MS; hour += HOUR_MS) {
    const daily = 0.6 + 0.4 * Math.sin(((hour % DAY_MS) / DAY_MS) * 2 * Math.PI);
    const collapsed = now - hour < 2 * DAY_MS;
    const timestamp = new Date(hour + 60_000).toISOString();
    events.push(
      {
        eventId: 'pandc.vnext.recommendations.feed.feed_impression',
        timestamp,
        count: Math.round(400 * daily) + 50,
      },
      {
        eventId: 'pandc.vnext.recommendations.cart.add',
        timestamp,
        count: Math.round((collapsed ? 12 : 90) * daily) + 5,
      },
      { eventId: 'pandc.vnext.metrics.load', timestamp, count: Math.round(120 * daily) + 20 },
    );
  }
  return events;
}

/** What the gateway would record for the org over two weeks: sign-ins and API calls. */
function usageRecords(now: number): UsageRecordDto[] {
  const users = ['usr_demo_ada', 'usr_demo_grace', 'usr_demo_linus', 'usr_demo_margaret'];
  const endpoints = [
    'POST /api/v1/traffic/events',
    'GET /api/v1/dashboard/stats',
    'POST /api/v1/dashboard/query',
    'GET /api/v1/rad-sets',
    'GET /api/v1/reports/weekly/preview',
  ];
  const countries = ['US', 'DE', 'FR', 'GB'];
  const records: UsageRecordDto[] = [];
  for (let day = 14; day >= 1; day -= 1) {
    const base = now - day * DAY_MS;
    const active = users.slice(0, 1 + ((day * 7) % users.length));
    for (const [index, userId] of active.entries()) {
      const at = new Date(base + (9 + index) * HOUR_MS).toISOString();
      records.push({ at, kind: 'login', userId });
      for (let call = 0; call < 6 + index * 3; call += 1) {
        records.push({
          at,
          kind: 'request',
          userId,
          endpoint: endpoints[(call + index) % endpoints.length] as string,
          status: 200,
          country: countries[index % countries.length] as string,
        });
      }
    }
    records.push({
      at: new Date(base + 3 * HOUR_MS).toISOString(),
      kind: 'request',
      endpoint: 'POST /api/v1/traffic/events',
      status: 202,
      country: 'US',
      eventsIngested: 900 + day * 25,
    });
  }
  return records;
}

async function emitUsage(
  config: Settings,
  orgId: string,
  records: UsageRecordDto[],
): Promise<void> {
  const client = new RedisStreamsClient({
    redisUrl: config.redisUrl,
    prefix: config.prefix,
    service: 'reporting',
  });
  try {
    for (let index = 0; index < records.length; index += 500) {
      await client.emitWithEnvelope(
        GATEWAY_USAGE_RECORDED_EVENT,
        { records: records.slice(index, index + 500) },
        {
          messageId: randomUUID(),
          requestId: randomUUID(),
          orgId,
          actor: { kind: 'service', id: 'gateway', roles: [] },
          sentAt: new Date().toISOString(),
        },
      );
    }
  } finally {
    await client.close();
  }
}

interface Run {
  readonly id: string;
  readonly key: string;
  readonly status: string;
  readonly recipients: readonly { email: string; status: string; messageId: string | null }[];
}

async function main(): Promise<void> {
  const config = settings();
  const now = Date.now();
  const suffix = randomBytes(3).toString('hex');
  const email = `owner-${suffix}@acme.example`;
  await api(config, 'POST', '/api/v1/auth/register', {
    body: {
      orgName: `Acme Analytics ${suffix}`,
      name: 'Demo Owner',
      email,
      password: 'correct horse battery',
    },
  });
  // The account is activated by the link mailed to the owner (sign-up answers 202).
  if (!config.maildevApiUrl) throw new Error('MAILDEV_API_URL is needed to read the sign-up mail');
  const session = await api<{ accessToken: string; organization: { id: string } }>(
    config,
    'POST',
    '/api/v1/auth/verify-email',
    { body: { token: await verificationToken(config.maildevApiUrl, email) } },
  );
  const token = session.accessToken;
  const orgId = session.organization.id;
  console.log(`org ${orgId} (owner ${email}, password "correct horse battery")`);

  await api(config, 'PUT', '/api/v1/reports/weekly/schedule', {
    token,
    body: { orgName: `Acme Analytics ${suffix}` },
  });
  for (const recipient of config.recipients) {
    await api(config, 'POST', '/api/v1/reports/recipients', { token, body: { email: recipient } });
  }
  const doneAt = (daysAgo: number): string => new Date(now - daysAgo * DAY_MS).toISOString();
  for (const item of [
    { title: 'Self-serve SSO', status: 'done', owner: 'ada@acme.example', doneAt: doneAt(7) },
    {
      title: 'Usage-based pricing page',
      status: 'done',
      owner: 'grace@acme.example',
      doneAt: doneAt(5),
    },
    { title: 'Alert digest e-mails', status: 'done', doneAt: doneAt(12) },
    {
      title: 'Forecast accuracy report',
      status: 'in_progress',
      owner: 'ada@acme.example',
      due: '2027-01-15',
    },
    {
      title: 'EU data residency',
      status: 'blocked',
      owner: 'linus@acme.example',
      due: '2027-02-01',
    },
    { title: 'Mobile dashboard', status: 'planned' },
  ]) {
    await api(config, 'POST', '/api/v1/roadmap', { token, body: item });
  }
  // A new organisation has no RAD sets; the examples classify the events sent below.
  const examples = await api<{ created: { name: string }[] }>(
    config,
    'POST',
    '/api/v1/rad-sets/examples',
    { token },
  );
  console.log(`RAD sets: ${examples.created.map((set) => set.name).join(', ')}`);
  const ingest = await api<{ accepted: number }>(config, 'POST', '/api/v1/traffic/events', {
    token,
    body: { events: trafficEvents(now) },
  });
  console.log(`traffic: ${ingest.accepted} event counts ingested`);
  const records = usageRecords(now);
  await emitUsage(config, orgId, records);
  console.log(`usage: ${records.length} gateway records emitted (${GATEWAY_USAGE_RECORDED_EVENT})`);
  // Let reporting sum the usage before the report reads it.
  await new Promise((resolve) => setTimeout(resolve, 2000));

  const started = await api<Run>(config, 'POST', '/api/v1/reports/weekly/send', {
    token,
    body: {},
  });
  console.log(`weekly report of ${started.key}: run ${started.id} ${started.status}`);
  let run = started;
  for (let attempt = 0; attempt < 60 && run.status === 'running'; attempt += 1) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    run = await api<Run>(config, 'GET', `/api/v1/reports/runs/${started.id}`, { token });
  }
  for (const delivery of run.recipients) {
    console.log(`  ${delivery.email}: ${delivery.status} ${delivery.messageId ?? ''}`);
  }
  if (run.status !== 'completed') throw new Error(`the run ended ${run.status}`);

  if (config.maildevApiUrl) {
    const mails = (await (await fetch(`${config.maildevApiUrl}/api/email`)).json()) as {
      subject: string;
      to: { address: string }[];
    }[];
    const ours = mails.filter((mail) => mail.subject.includes(`Acme Analytics ${suffix}`));
    console.log(
      `maildev holds ${ours.length} report e-mail(s) for this org: open ${config.maildevApiUrl}`,
    );
    if (ours.length < config.recipients.length)
      throw new Error('not every recipient got the report');
  }
  console.log(
    `preview: ${config.gatewayUrl}/api/v1/reports/weekly/preview?inlineImages=true (Bearer token)`,
  );
}

main().catch((error: unknown) => {
  console.error(`seed-demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
