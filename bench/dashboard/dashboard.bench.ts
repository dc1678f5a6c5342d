// The dashboard's read path (issue 15): `dashboard/stats` of one organisation holding 14 days of
// hourly counts for 100 event ids (33,400 events, ingested and flushed through the real
// traffic-monitor from its build), asked through the transport as the gateway asks it.
// Prints: a closed loop's requests/s and p50/p99; an open loop at BENCH_DASHBOARD_RATE req/s
// (default 500) held for a minute and more, so that the rolling window's per-minute
// recomputation falls inside it; and the cost of one recomputation (a distinct `asOf` each).
//
// `npm run bench -- dashboard`. Knobs: BENCH_DASHBOARD_RATE, BENCH_DASHBOARD_HOLD_S (default 65),
// BENCH_DASHBOARD_CONCURRENCY (closed loop, default 16), BENCH_DASHBOARD_COLD (default 10),
// BENCH_DASHBOARD_PROFILE=1 (a CPU profile of the service, summarised in the notes).
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import mongoose from 'mongoose';
import { lastValueFrom } from 'rxjs';
import { runWithContext } from '@vantage/observability';
import { RedisStreamsClient } from '@vantage/transport';
import { buildApps } from '../../tools/run/build';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { runClosedLoop } from '../support/closed-loop';
import { dropRunState } from '../support/drop-run-state';
import { positiveIntegerFromEnv } from '../support/env';
import { round3, summarizeLatencies } from '../support/stats';
import { startTrafficMonitor } from '../ingest/traffic-monitor-child';
import { stopProfiled } from '../support/profile-summary';
import { fireAtRate } from '../system-load/open-loop';
import {
  DASHBOARD_STATS_PATTERN,
  TRAFFIC_BUCKETS_FLUSH_PATTERN,
  TRAFFIC_INGEST_PATTERN,
} from '../support/traffic-monitor-patterns';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'bench-dashboard');

const RATE = positiveIntegerFromEnv('BENCH_DASHBOARD_RATE') ?? 500;
const HOLD_S = positiveIntegerFromEnv('BENCH_DASHBOARD_HOLD_S') ?? 65;
const CONCURRENCY = positiveIntegerFromEnv('BENCH_DASHBOARD_CONCURRENCY') ?? 16;
const COLD = positiveIntegerFromEnv('BENCH_DASHBOARD_COLD') ?? 10;
const CLOSED_S = 20;
/** BENCH_DASHBOARD_PROFILE=1: a V8 CPU profile of the service's whole run, summarised in the notes. */
const PROFILE = process.env['BENCH_DASHBOARD_PROFILE'] === '1';

const EVENT_IDS = 100;
/** Hours of history: just under the 14 days ingestion accepts. */
const HISTORY_HOURS = 14 * 24 - 2;
const BATCH = 1000;
const HOUR_MS = 3_600_000;
/** The drain of 33,400 events into buckets takes minutes on a busy FerretDB. */
const REQUEST_TIMEOUT_MS = 900_000;
const TARGET_P99_MS = 50;
const DRAIN_ATTEMPTS = 10;

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  context.progress('building traffic-monitor');
  await buildApps(REPO_ROOT, { apps: ['traffic-monitor'], stdout: 'stderr' });
  const [redisUrl, mongoUrl] = await Promise.all([context.redisUrl(), context.mongoUrl()]);
  const service = await startTrafficMonitor({
    root: REPO_ROOT,
    logFile: path.join(WORK_DIR, 'traffic-monitor.log'),
    redisUrl,
    mongoUrl,
    ...(PROFILE ? { cpuProfileDir: WORK_DIR } : {}),
  });
  const notes: string[] = [];
  const client = new RedisStreamsClient({
    redisUrl,
    prefix: service.prefix,
    service: 'traffic-monitor',
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const orgId = `org_bench_${randomBytes(6).toString('hex')}`;
  const send = <T>(pattern: string, payload: unknown): Promise<T> =>
    runWithContext(
      { requestId: randomUUID(), orgId, actor: { kind: 'api-key', id: 'key_bench', roles: [] } },
      () => lastValueFrom(client.send<T>(pattern, payload)),
    );
  try {
    await client.connect();
    context.progress(`seeding ${HISTORY_HOURS} hours x ${EVENT_IDS} event ids, then a drain`);
    const seedStarted = performance.now();
    await seedHistory(send);
    await drain(send, context);
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    const stats = () => send<{ total: number }>(DASHBOARD_STATS_PATTERN, {});
    // Before issue 15 a busy store could time a stats computation out (503): count, go on.
    let errors = 0;
    const counted = async (operation: () => Promise<unknown>): Promise<void> => {
      try {
        await operation();
      } catch (error) {
        errors += 1;
        if (errors === 1) context.progress(`first failed request: ${String(error)}`);
      }
    };
    const firstAnswer = performance.now();
    let first: { total: number } | undefined;
    for (let attempt = 0; first === undefined && attempt < DRAIN_ATTEMPTS; attempt += 1) {
      await counted(async () => (first = await stats()));
    }
    if (first?.total !== EVENT_IDS) throw new Error(`stats counted ${first?.total} event ids`);
    const firstAnswerMs = performance.now() - firstAnswer;

    context.progress(`cold: ${COLD} recomputations, one distinct asOf each`);
    const cold: number[] = [];
    for (let n = 0; n < COLD; n += 1) {
      const asOf = new Date(Date.now() - (n + 1) * 61_000).toISOString();
      const t0 = performance.now();
      await counted(() => send(DASHBOARD_STATS_PATTERN, { asOf }));
      cold.push(performance.now() - t0);
    }

    context.progress(`closed loop: ${CONCURRENCY} in flight for ${CLOSED_S} s`);
    const closed = await runClosedLoop(() => counted(stats), {
      concurrency: CONCURRENCY,
      durationMs: CLOSED_S * 1000,
      maxOps: Number.MAX_SAFE_INTEGER,
    });

    context.progress(`open loop: ${RATE} req/s for ${HOLD_S} s`);
    const open = await openLoop(stats, RATE, HOLD_S * 1000);

    const closedLatency = summarizeLatencies(closed.latenciesMs);
    const openLatency = summarizeLatencies(open.latenciesMs);
    const coldLatency = summarizeLatencies(cold);
    const metrics = {
      closed_loop_rps: Math.round(closed.opsPerSecond),
      closed_loop_p50_ms: round3(closedLatency.p50Ms),
      closed_loop_p99_ms: round3(closedLatency.p99Ms),
      open_loop_rate: RATE,
      open_loop_achieved_rps: Math.round(open.achievedRps),
      open_loop_p50_ms: round3(openLatency.p50Ms),
      open_loop_p99_ms: round3(openLatency.p99Ms),
      open_loop_max_ms: round3(Math.max(...open.latenciesMs)),
      open_loop_errors: open.errors,
      recompute_p50_ms: round3(coldLatency.p50Ms),
      recompute_p99_ms: round3(coldLatency.p99Ms),
      first_answer_ms: round3(firstAnswerMs),
      failed_requests_outside_open_loop: errors,
    };
    notes.push(
      `one org, ${EVENT_IDS} event ids x ${HISTORY_HOURS} hours of hourly counts (${(EVENT_IDS * HISTORY_HOURS).toLocaleString('en')} events) ingested and drained in ${round3(seedSeconds)} s; default dashboard settings (rolling 24 h against 4 weeks)`,
      `through the transport (Redis Streams), one traffic-monitor replica, no gateway; latency of the open loop runs from each request's due time`,
      `target: dashboard/stats p99 < ${TARGET_P99_MS} ms at >= 500 req/s: ${openLatency.p99Ms < TARGET_P99_MS && open.achievedRps >= 0.99 * RATE && RATE >= 500 ? 'met' : 'MISSED'}`,
    );
    return { metrics, baselines: {}, ratios: {}, notes };
  } finally {
    await client.close().catch(() => undefined);
    notes.push(
      ...(await stopProfiled(
        () => service.stop(),
        PROFILE && { dir: WORK_DIR, title: 'profile', whenNone: 'profile: the service wrote none' },
      )),
    );
    await dropRunState(
      new Redis(redisUrl),
      await mongoose.createConnection(mongoUrl).asPromise(),
      service,
      context,
    );
  }
};

type Send = <T>(pattern: string, payload: unknown) => Promise<T>;

/** One count per event id and hour, oldest first, in batches of BATCH events. */
async function seedHistory(send: Send): Promise<void> {
  const thisHour = Math.floor(Date.now() / HOUR_MS) * HOUR_MS;
  const events: { eventId: string; timestamp: number; count: number }[] = [];
  for (let hour = HISTORY_HOURS; hour >= 1; hour -= 1) {
    for (let id = 0; id < EVENT_IDS; id += 1) {
      events.push({
        eventId: `bench.dashboard.event_${String(id).padStart(3, '0')}.view`,
        timestamp: thisHour - hour * HOUR_MS + 60_000 * (id % 50),
        count: 100 + ((hour * 7 + id) % 40),
      });
    }
  }
  for (let at = 0; at < events.length; at += BATCH * 4) {
    await Promise.all(
      [0, 1, 2, 3].map(async (part) => {
        const batch = events.slice(at + part * BATCH, at + (part + 1) * BATCH);
        if (batch.length === 0) return;
        const answer = await send<{ accepted: number }>(TRAFFIC_INGEST_PATTERN, { events: batch });
        if (answer.accepted !== batch.length) {
          throw new Error(`a seed batch was answered ${JSON.stringify(answer).slice(0, 300)}`);
        }
      }),
    );
  }
}

/**
 * Flushes every pending bucket. A drain is idempotent, and before issue 15 a busy store could
 * time one out (the service answers 503): it is asked again until it completes.
 */
async function drain(send: Send, context: BenchmarkContext): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await send(TRAFFIC_BUCKETS_FLUSH_PATTERN, {});
      return;
    } catch (error) {
      if (attempt >= DRAIN_ATTEMPTS) throw error;
      context.progress(`drain attempt ${attempt} failed (${String(error)}); again`);
    }
  }
}

interface OpenLoopRun {
  readonly achievedRps: number;
  readonly latenciesMs: number[];
  readonly errors: number;
}

/** Sends at a fixed rate whatever the answers do; latency from each request's due time. */
async function openLoop(
  operation: () => Promise<unknown>,
  ratePerSecond: number,
  durationMs: number,
): Promise<OpenLoopRun> {
  const latenciesMs: number[] = [];
  let errors = 0;
  const { elapsedMs } = await fireAtRate(ratePerSecond, durationMs, (_n, dueAt) =>
    operation().then(
      () => void latenciesMs.push(performance.now() - dueAt),
      () => void (errors += 1),
    ),
  );
  return { achievedRps: (latenciesMs.length * 1000) / elapsedMs, latenciesMs, errors };
}
