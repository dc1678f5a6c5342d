// Golden signals into telemetry (issue 15): reports of the shape every app sends each
// GOLDEN_SIGNALS_INTERVAL_MS, emitted to the real telemetry (from its build) the way the reporter
// emits them, once on an empty points store and once with points already stored. Prints, per
// store size: the handler's mean time per report (telemetry's own
// vantage_message_handling_seconds of the event), telemetry's CPU per report, and the wall time
// until every report's samples are in the minute buckets (handled, and folded where telemetry
// folds). Reports are sent one at a time, each once the previous one is handled. Flat across sizes means no write of the golden-signal path reads the stored points.
//
// `npm run bench -- golden-signals`. Knobs: BENCH_GS_EXISTING (points already stored, comma
// separated, default `0,50000`), BENCH_GS_REPORTS (default 30: five apps, a minute at 10 s),
// BENCH_GS_ROUTES (routes per report, default 20: 152 series a report); REPORTS a multiple of 5. The service's log lands
// in tmp/bench-golden-signals/.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import mongoose from 'mongoose';
import { lastValueFrom } from 'rxjs';
import { RedisStreamsClient } from '@vantage/transport';
import { pointsDocId, seriesIdOf } from '../../apps/telemetry/src/series/series-identity';
import { buildApps } from '../../tools/run/build';
import { cpuSecondsOf } from '../ingest/service-cpu';
import { AppChild, startAppChild } from '../support/app-child';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { positiveIntegerFromEnv } from '../support/env';
import { round3 } from '../support/stats';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'bench-golden-signals');
const EXISTING = (process.env['BENCH_GS_EXISTING'] ?? '0,50000')
  .split(',')
  .map((value) => Number(value.trim()))
  .filter((value) => Number.isInteger(value) && value >= 0);
const REPORTS = positiveIntegerFromEnv('BENCH_GS_REPORTS') ?? 30;
const ROUTES = positiveIntegerFromEnv('BENCH_GS_ROUTES') ?? 20;
const SERVICES = ['gateway', 'traffic-monitor', 'telemetry', 'billing', 'reporting'] as const;
/** GOLDEN_SIGNALS_REPORTED_EVENT of @vantage/contracts, written out (tsx cannot load them). */
const GOLDEN_SIGNALS_REPORTED_EVENT = 'telemetry.golden-signals.reported';
const SYSTEM_ORG = 'org_bench_golden_signals';
const MINUTE_MS = 60_000;
const STORED_TIMEOUT_MS = 600_000;
const SEED_CHUNK = 5000;

type Measured = Record<string, number>;

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  context.progress('building telemetry (Nx cache makes this quick when unchanged)');
  await buildApps(REPO_ROOT, { apps: ['telemetry'], stdout: 'stderr' });
  const [redisUrl, mongoUrl] = await Promise.all([context.redisUrl(), context.mongoUrl()]);
  const metrics: Measured = {};
  const notes: string[] = [];
  for (const existing of EXISTING) {
    context.progress(
      `${existing} points stored, then ${REPORTS} reports of ${seriesPerReport()} series`,
    );
    const measured = await measure(existing, redisUrl, mongoUrl);
    for (const [name, value] of Object.entries(measured))
      metrics[`${name}_${existing}_points`] = value;
  }
  const [first, last] = [EXISTING[0], EXISTING.at(-1)];
  notes.push(
    `${REPORTS} reports (${SERVICES.length} apps, ${ROUTES} routes, ${seriesPerReport()} series each) of one minute that has ended`,
    'handler: mean of telemetry vantage_message_handling_seconds for the event; stored: until every sample is in the minute buckets',
  );
  return {
    metrics,
    baselines: {},
    ratios: {
      handler_ms_largest_vs_empty: round3(
        metrics[`handler_ms_per_report_${last}_points`]! /
          metrics[`handler_ms_per_report_${first}_points`]!,
      ),
    },
    notes,
  };
};

async function measure(existing: number, redisUrl: string, mongoUrl: string): Promise<Measured> {
  const id = randomBytes(4).toString('hex');
  const prefix = `bench-gs-${id}`;
  const database = `bench_gs_${id}`;
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  const db = connection.useDb(database).db;
  if (!db) throw new Error('no MongoDB database handle');
  // The minute every report falls in: ended, so telemetry may fold it at once.
  const minute = Math.floor(Date.now() / MINUTE_MS) * MINUTE_MS - 2 * MINUTE_MS;
  await seed(db, existing, minute);
  const child = await startTelemetry(redisUrl, mongoUrl, prefix, database);
  const client = new RedisStreamsClient({ redisUrl, prefix, service: 'telemetry' });
  try {
    await client.connect();
    const before = await handlerTotals(child.opsUrl);
    const cpuBefore = cpuSecondsOf(child.child.pid);
    const started = performance.now();
    for (let report = 0; report < REPORTS; report += 1) {
      const service = SERVICES[report % SERVICES.length] as string;
      const periodEnd = minute + 1000 + Math.floor(report / SERVICES.length) * 9000;
      await lastValueFrom(
        client.emit(GOLDEN_SIGNALS_REPORTED_EVENT, reportOf(service, periodEnd)),
        { defaultValue: undefined },
      );
      // One at a time, as reports arrive (five apps every 10 s): the handler's own time, not a queue.
      await waitUntilHandled(child.opsUrl, before.count + report + 1);
    }
    await waitUntilStored(db, minute);
    const storedMs = performance.now() - started;
    const cpuSeconds = cpuSecondsOf(child.child.pid) - cpuBefore;
    const after = await handlerTotals(child.opsUrl);
    const handled = after.count - before.count;
    if (handled !== REPORTS) throw new Error(`telemetry handled ${handled} of ${REPORTS} reports`);
    return {
      handler_ms_per_report: round3(((after.sum - before.sum) * 1000) / handled),
      telemetry_cpu_ms_per_report: round3((cpuSeconds * 1000) / REPORTS),
      stored_all_s: round3(storedMs / 1000),
    };
  } finally {
    await client.close();
    await child.child.stop();
    await db.dropDatabase().catch(() => undefined);
    await connection.close();
  }
}

/** `existing` minute buckets (and a tenth as many hourly ones) of other series, before `minute`. */
async function seed(db: mongoose.mongo.Db, existing: number, minute: number): Promise<void> {
  for (const [collection, count, widthMs] of [
    ['telemetry_points_minute', existing, MINUTE_MS],
    ['telemetry_points_hour', Math.floor(existing / 10), 60 * MINUTE_MS],
  ] as const) {
    for (let at = 0; at < count; at += SEED_CHUNK) {
      const docs = Array.from({ length: Math.min(SEED_CHUNK, count - at) }, (_, i) => {
        const n = at + i;
        return {
          _id: `seed-${n}`,
          orgId: SYSTEM_ORG,
          seriesId: `ser_seed${n % 500}`,
          start: new Date(minute - (Math.floor(n / 500) + 1) * widthMs),
          count: 1,
          sum: 1,
          min: 1,
          max: 1,
          batches: ['seed'],
        };
      });
      await db.collection(collection).insertMany(docs as never[], { ordered: false });
    }
  }
}

async function startTelemetry(
  redisUrl: string,
  mongoUrl: string,
  prefix: string,
  database: string,
): Promise<AppChild> {
  return startAppChild({
    app: 'telemetry',
    root: REPO_ROOT,
    logFile: path.join(WORK_DIR, 'telemetry.log'),
    redisUrl,
    mongoUrl,
    database,
    prefix,
    env: {
      TELEMETRY_SYSTEM_ORG_ID: SYSTEM_ORG,
      // Only the bench's reports, not telemetry's own.
      GOLDEN_SIGNALS_INTERVAL_MS: '0',
      ANOMALY_SCAN_INTERVAL_MS: '0',
    },
  });
}

function seriesPerReport(): number {
  return 7 * (ROUTES + 1) + 5;
}

function reportOf(service: string, periodEndMs: number): Record<string, unknown> {
  const signals = (route: string, kind: string, requests: number) => ({
    route,
    kind,
    requests,
    errors: 1,
    requestRate: requests / 10,
    errorRate: 1 / requests,
    latencyMs: { p50: 3, p95: 12, p99: 40 },
  });
  return {
    service,
    instanceId: `${service}-bench`,
    intervalMs: 10_000,
    periodStart: new Date(periodEndMs - 10_000).toISOString(),
    periodEnd: new Date(periodEndMs).toISOString(),
    total: signals('*', 'all', ROUTES * 10),
    routes: Array.from({ length: ROUTES }, (_, i) => signals(`GET /api/v1/bench/${i}`, 'http', 10)),
    process: {
      cpuUtilisation: 0.2,
      rssBytes: 150_000_000,
      heapUsedBytes: 60_000_000,
      eventLoopLagMeanMs: 1,
      eventLoopLagP99Ms: 4,
    },
  };
}

/** Sum and count of the handler histogram of the event, over its outcomes. */
async function handlerTotals(opsUrl: string): Promise<{ sum: number; count: number }> {
  const text = await (await fetch(`${opsUrl}/metrics`)).text();
  const totals = { sum: 0, count: 0 };
  for (const line of text.split('\n')) {
    if (!line.includes(`pattern="${GOLDEN_SIGNALS_REPORTED_EVENT}"`)) continue;
    const value = Number(line.slice(line.lastIndexOf(' ') + 1));
    if (line.startsWith('vantage_message_handling_seconds_sum')) totals.sum += value;
    if (line.startsWith('vantage_message_handling_seconds_count')) totals.count += value;
  }
  return totals;
}

async function waitUntilHandled(opsUrl: string, count: number): Promise<void> {
  const deadline = Date.now() + STORED_TIMEOUT_MS;
  while ((await handlerTotals(opsUrl)).count < count) {
    if (Date.now() > deadline) throw new Error(`report ${count} not handled after 10 minutes`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * Until each app's `requests` series holds every report of the minute: read by `_id` (a filter on
 * anything else would read the whole collection and load the store the benchmark measures).
 */
async function waitUntilStored(db: mongoose.mongo.Db, minute: number): Promise<void> {
  const perService = REPORTS / SERVICES.length;
  const ids = SERVICES.map((service) =>
    pointsDocId(
      SYSTEM_ORG,
      seriesIdOf({ name: `vantage.${service}.requests`, labels: {} }),
      minute,
    ),
  );
  const deadline = Date.now() + STORED_TIMEOUT_MS;
  for (;;) {
    const counts = await Promise.all(
      ids.map(async (_id) => {
        const doc = await db
          .collection<{ _id: string; count: number }>('telemetry_points_minute')
          .findOne({ _id });
        return doc?.count ?? 0;
      }),
    );
    if (counts.every((count) => count >= perService)) return;
    if (Date.now() > deadline) {
      throw new Error(
        `requests stored after 10 minutes: ${counts.join(', ')} of ${perService} each`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
