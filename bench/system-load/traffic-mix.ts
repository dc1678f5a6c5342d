// The mix the issue asks for: 80% reads, 15% ingest, 5% formula executions, as an API-key client
// would send them. Request n is decided by n alone (16 reads, 3 ingest batches and 1 formula in
// every 20, the reads round-robin over five routes), so two runs send the same sequence.
import { randomBytes } from 'node:crypto';
import type { PlannedRequest } from './open-loop';

/** Events of one ingest batch: what a small agent flushes every few seconds. */
export const INGEST_BATCH_EVENTS = 50;
/** Distinct event ids the bench org sends: enough for dashboards and formulas to have rows. */
const EVENT_IDS = 40;
const SCREENS = EVENT_IDS / 2;

/** Half the ids are views, half clicks, so the formula divides two real series. */
export function benchEventId(i: number): string {
  const screen = String(i % SCREENS).padStart(2, '0');
  return i % 2 === 0 ? `bench.load.screen_${screen}.view` : `bench.load.screen_${screen}.click`;
}

const READS: readonly PlannedRequest[] = [
  { kind: 'read:dashboard-stats', method: 'GET', path: '/api/v1/dashboard/stats' },
  {
    kind: 'read:dashboard-query',
    method: 'POST',
    path: '/api/v1/dashboard/query',
    body: JSON.stringify({ search: 'bench.load', pageSize: 25 }),
  },
  { kind: 'read:rad-sets', method: 'GET', path: '/api/v1/rad-sets' },
  {
    kind: 'read:telemetry-series',
    method: 'GET',
    path: '/api/v1/telemetry/series?source=traffic&namePrefix=bench.load&limit=20',
  },
  { kind: 'read:alerts', method: 'GET', path: '/api/v1/alerts?limit=20' },
];

export const FORMULA_EXPRESSION =
  'count(eventId="bench.load.*.click") / count(eventId="bench.load.*.view") * 100';
/**
 * A day at hourly points, as a dashboard tile would ask: read from hour buckets. (Six hours at
 * 5-minute points reads minute buckets and took 2.7 s p50 on this machine, past the 4 s bound
 * under load, so at 5% of the mix it alone saturated the traffic-monitor replicas.)
 */
const FORMULA_RANGE_MS = 24 * 60 * 60 * 1000;
const FORMULA_INTERVAL_MS = 60 * 60 * 1000;

/** Out of every 20 requests: 16 reads (80%), 3 ingest (15%), 1 formula (5%). */
const CYCLE = 20;
const READ_SLOTS = 16;
const INGEST_SLOTS = 3;

export function mixedRequest(n: number): PlannedRequest {
  const slot = n % CYCLE;
  const cycle = Math.floor(n / CYCLE);
  if (slot < READ_SLOTS) return READS[(cycle * READ_SLOTS + slot) % READS.length] as PlannedRequest;
  if (slot < READ_SLOTS + INGEST_SLOTS) return ingestRequest(n, Date.now());
  return formulaRequest(Date.now());
}

/** The kinds `mixedRequest` sends, so a probe can try each once before the load starts. */
export function everyKind(): PlannedRequest[] {
  return [...READS, ingestRequest(0, Date.now()), formulaRequest(Date.now())];
}

export function ingestRequest(n: number, timestamp: number): PlannedRequest {
  return {
    kind: 'ingest',
    method: 'POST',
    path: '/api/v1/traffic/events',
    // A fresh key per batch, as an agent retrying safely would send: the gateway checks it.
    headers: { 'idempotency-key': `bench-${randomBytes(12).toString('hex')}` },
    body: JSON.stringify({
      events: Array.from({ length: INGEST_BATCH_EVENTS }, (_, i) => ({
        eventId: benchEventId(n * INGEST_BATCH_EVENTS + i),
        timestamp,
      })),
    }),
  };
}

function formulaRequest(now: number): PlannedRequest {
  return {
    kind: 'formula',
    method: 'POST',
    path: '/api/v1/formulas/execute',
    body: JSON.stringify({
      expression: FORMULA_EXPRESSION,
      from: new Date(now - FORMULA_RANGE_MS).toISOString(),
      to: new Date(now).toISOString(),
      intervalMs: FORMULA_INTERVAL_MS,
    }),
  };
}
