// The tenant the load runs as, set up through the public API only: an org registered like any
// customer, with the example RAD sets, an API key with `ingest` and `read`, and six hours of
// counts so the dashboard, the series list and the formula have something to read.
import { performance } from 'node:perf_hooks';
import { registerBenchOrg, tokenFromMaildev } from '../gateway/bench-org';
import type { PlannedRequest } from './open-loop';
import { benchEventId, everyKind } from './traffic-mix';

const REQUEST_TIMEOUT_MS = 30_000;
const SEED_HOURS = 6;
const SEED_EVENT_IDS = 40;
/** Events per seeding request (the API takes up to 5,000). */
const SEED_BATCH = 2000;

export interface BenchTenant {
  /** Headers every load request carries. */
  readonly headers: Readonly<Record<string, string>>;
  readonly seededEvents: number;
}

export async function setUpTenant(gatewayUrl: string, maildevApiUrl: string): Promise<BenchTenant> {
  const accessToken = await registerBenchOrg(gatewayUrl, tokenFromMaildev(maildevApiUrl));
  // A new org has no RAD sets: the four examples keep the RAD set reads and the dashboard's
  // classification doing the work they did when every org got them by default.
  await call(gatewayUrl, {
    method: 'POST',
    path: '/api/v1/rad-sets/examples',
    headers: { authorization: `Bearer ${accessToken}` },
  });
  const created = await call(gatewayUrl, {
    method: 'POST',
    path: '/api/v1/api-keys',
    headers: { authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: 'system load bench', scopes: ['ingest', 'read'] }),
  });
  const key = (created as { key?: unknown }).key;
  if (typeof key !== 'string') throw new Error('POST /api/v1/api-keys answered without a key');
  const headers = { 'x-api-key': key };
  const seededEvents = await seedHistory(gatewayUrl, headers);
  return { headers, seededEvents };
}

/**
 * One of each kind of request, outside the measurement: a 4xx here is a bench bug, not load.
 * Answers each kind's latency on an idle system, the floor under the loaded numbers.
 */
export async function probeEveryKind(
  gatewayUrl: string,
  tenant: BenchTenant,
): Promise<Record<string, number>> {
  const idleMs: Record<string, number> = {};
  for (const planned of everyKind()) {
    const started = performance.now();
    await call(gatewayUrl, planned, tenant.headers);
    idleMs[planned.kind] = Math.round(performance.now() - started);
  }
  return idleMs;
}

/** One event per id per minute over the last hours, with counts that vary by id and minute. */
async function seedHistory(
  gatewayUrl: string,
  headers: Readonly<Record<string, string>>,
): Promise<number> {
  const now = Date.now();
  const minutes = SEED_HOURS * 60;
  const events: { eventId: string; timestamp: number; count: number }[] = [];
  for (let m = 1; m <= minutes; m++)
    for (let id = 0; id < SEED_EVENT_IDS; id++)
      events.push({
        eventId: benchEventId(id),
        timestamp: now - m * 60_000,
        // Views outnumber clicks, as they would, so the click-through formula reads sensibly.
        count: id % 2 === 0 ? 50 + ((m * 7 + id) % 30) : 2 + ((m + id) % 5),
      });
  for (let i = 0; i < events.length; i += SEED_BATCH) {
    const answer = await call(
      gatewayUrl,
      {
        method: 'POST',
        path: '/api/v1/traffic/events',
        body: JSON.stringify({ events: events.slice(i, i + SEED_BATCH) }),
      },
      headers,
    );
    const rejected = (answer as { rejected?: unknown }).rejected;
    if (rejected !== 0) throw new Error(`seeding refused events: ${JSON.stringify(answer)}`);
  }
  return events.length;
}

async function call(
  gatewayUrl: string,
  planned: Omit<PlannedRequest, 'kind'> & { kind?: string },
  common: Readonly<Record<string, string>> = {},
): Promise<unknown> {
  const response = await fetch(`${gatewayUrl}${planned.path}`, {
    method: planned.method,
    headers: {
      ...common,
      ...planned.headers,
      ...(planned.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    body: planned.body,
    signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
  });
  const text = await response.text();
  if (response.status < 200 || response.status >= 300)
    throw new Error(
      `${planned.method} ${planned.path} answered ${response.status}: ${text.slice(0, 300)}`,
    );
  return text === '' ? null : (JSON.parse(text) as unknown);
}
