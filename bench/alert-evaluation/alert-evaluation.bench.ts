// The alert evaluator's passes (issue 15): the real traffic-monitor (from its build) with
// ORGS organisations that each sent hourly counts of a few event ids over the last days, flushed,
// then left alone while the evaluator watches every one of them (organisations with traffic are
// watched for status changes, rules or not). Prints how long the first pass after the load took
// (every organisation's health read), how long the passes after it take while nothing changes,
// the service's CPU per pass, and the store's CPU share over those passes.
//
// `npm run bench -- alert-evaluation`. Knobs: BENCH_ALERT_ORGS (default 100),
// BENCH_ALERT_EVENT_IDS (per org, default 2), BENCH_ALERT_HISTORY_HOURS (default 3),
// BENCH_ALERT_INTERVAL_MS (evaluation interval, default 20000), BENCH_ALERT_PASSES (passes at
// rest measured, default 3), BENCH_ALERT_ROOT (the checkout whose build runs, e.g. a worktree of
// an older commit for a before/after). The service's log lands in tmp/bench-alert-evaluation/.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import mongoose from 'mongoose';
import { lastValueFrom } from 'rxjs';
import { runWithContext } from '@vantage/observability';
import { RedisStreamsClient } from '@vantage/transport';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { dropRunState } from '../support/drop-run-state';
import { positiveIntegerFromEnv } from '../support/env';
import { buildApps } from '../../tools/run/build';
import { watchCpu, type WatchedProcess } from '../gateway/process-cpu';
import { cpuSecondsOf } from '../ingest/service-cpu';
import { startTrafficMonitor } from '../ingest/traffic-monitor-child';
import {
  TRAFFIC_BUCKETS_FLUSH_PATTERN,
  TRAFFIC_INGEST_PATTERN,
} from '../support/traffic-monitor-patterns';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const ROOT = process.env['BENCH_ALERT_ROOT'] ?? REPO_ROOT;
const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'bench-alert-evaluation');
const LOG_FILE = path.join(WORK_DIR, 'traffic-monitor.log');

const ORGS = positiveIntegerFromEnv('BENCH_ALERT_ORGS') ?? 100;
const EVENT_IDS = positiveIntegerFromEnv('BENCH_ALERT_EVENT_IDS') ?? 2;
/**
 * A few hours are enough: a health read costs one keyed read per bucket start of its window
 * and baselines whether they hold counts or not, and more history only slows the load (the
 * at-rest bench loads a customer's two weeks through the whole system).
 */
const HISTORY_HOURS = positiveIntegerFromEnv('BENCH_ALERT_HISTORY_HOURS') ?? 3;
const INTERVAL_MS = positiveIntegerFromEnv('BENCH_ALERT_INTERVAL_MS') ?? 20_000;
const PASSES = positiveIntegerFromEnv('BENCH_ALERT_PASSES') ?? 3;
const HOUR_MS = 3_600_000;
/** A pass of the old evaluator over 100 orgs took minutes on a busy machine. */
const PASS_TIMEOUT_MS = 15 * 60_000;
/** The flush of the load competes with the evaluator's passes on a shared machine. */
const REQUEST_TIMEOUT_MS = 30 * 60_000;

/** One `alert rules evaluated` log line: when the pass started and how long it took. */
interface Pass {
  readonly startedAt: number;
  readonly durationMs: number;
}

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  fs.rmSync(LOG_FILE, { force: true });
  context.progress(`building traffic-monitor in ${ROOT}`);
  await buildApps(ROOT, { apps: ['traffic-monitor'], stdout: 'stderr' });
  const [redisUrl, mongoUrl] = await Promise.all([context.redisUrl(), context.mongoUrl()]);
  const service = await startTrafficMonitor({
    root: ROOT,
    logFile: LOG_FILE,
    redisUrl,
    mongoUrl,
    env: {
      LOG_LEVEL: 'info',
      ALERT_EVALUATION_INTERVAL_MS: String(INTERVAL_MS),
      // Passes closer than a minute would otherwise share the rolling window's cached health,
      // which a production pass (one a minute) never does.
      HEALTH_CACHE_TTL_MS: '1000',
    },
  });
  const client = new RedisStreamsClient({
    redisUrl,
    prefix: service.prefix,
    service: 'traffic-monitor',
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  try {
    await client.connect();
    const send = <T>(orgId: string, pattern: string, payload: unknown): Promise<T> =>
      runWithContext(
        { requestId: randomUUID(), orgId, actor: { kind: 'api-key', id: 'key_bench', roles: [] } },
        () => lastValueFrom(client.send<T>(pattern, payload)),
      );

    context.progress(`loading ${ORGS} orgs x ${EVENT_IDS} event ids x ${HISTORY_HOURS} hours`);
    const now = Date.now();
    for (let org = 0; org < ORGS; org++) {
      await send(`org_bench_${randomBytes(6).toString('hex')}`, TRAFFIC_INGEST_PATTERN, {
        events: history(now),
      });
    }
    await send(`org_bench_flush`, TRAFFIC_BUCKETS_FLUSH_PATTERN, {});
    const loadedAt = Date.now();

    context.progress('flushed; waiting for the first pass that starts after the load');
    const first = await passStartedAfter(loadedAt);
    const processes = storeProcesses(new URL(mongoUrl).host);
    const stopStore = watchCpu(processes);
    const cpuBefore = cpuSecondsOf(service.child.pid);
    const started = performance.now();
    context.progress(`first pass ${first.durationMs} ms; measuring ${PASSES} passes at rest`);
    const atRest: Pass[] = [];
    while (atRest.length < PASSES) {
      atRest.push(await passStartedAfter((atRest.at(-1) ?? first).startedAt));
    }
    const seconds = (performance.now() - started) / 1000;
    const serviceCpu = (cpuSecondsOf(service.child.pid) - cpuBefore) / PASSES;
    const storeCores = stopStore().reduce(
      (sum, share) => (share.name === 'other processes' ? sum : sum + share.cores),
      0,
    );
    const restMs = atRest.map((pass) => pass.durationMs).sort((a, b) => a - b);
    return {
      metrics: {
        first_pass_ms: first.durationMs,
        pass_at_rest_median_ms: restMs[Math.floor(restMs.length / 2)] ?? Number.NaN,
        service_cpu_s_per_pass_at_rest: round3(serviceCpu),
        store_cores_at_rest: round3(storeCores),
      },
      baselines: {},
      ratios: {},
      notes: [
        `${ORGS} orgs x ${EVENT_IDS} event ids x ${HISTORY_HOURS} h of hourly counts, ` +
          `a pass every ${INTERVAL_MS} ms, ${PASSES} passes at rest over ${seconds.toFixed(0)} s`,
        `store processes watched: ${processes.map((p) => p.name).join(', ') || 'none found'}`,
        `build from ${path.relative(REPO_ROOT, ROOT) || '.'}`,
      ],
    };
  } finally {
    await client.close().catch(() => undefined);
    await service.stop();
    await dropRunState(
      new Redis(redisUrl),
      await mongoose.createConnection(mongoUrl).asPromise(),
      service,
      context,
    );
  }
};

/** One org's hourly counts, the newest a minute before `now` (its minute closed). */
function history(now: number): { eventId: string; timestamp: string; count: number }[] {
  const events = [];
  for (let hour = 0; hour < HISTORY_HOURS; hour++) {
    for (let id = 0; id < EVENT_IDS; id++) {
      events.push({
        eventId: `bench.alert.event_${id}`,
        timestamp: new Date(now - 60_000 - hour * HOUR_MS).toISOString(),
        count: 1 + ((hour * 7 + id) % 50),
      });
    }
  }
  return events;
}

/**
 * Waits for the first evaluation that started after `afterMs` (the log line comes at its end;
 * its `orgs` counts only organisations with rules, so it cannot tell the watched ones).
 */
async function passStartedAfter(afterMs: number): Promise<Pass> {
  const deadline = Date.now() + PASS_TIMEOUT_MS;
  for (;;) {
    const pass = loggedPasses().find((candidate) => candidate.startedAt > afterMs);
    if (pass) return pass;
    if (Date.now() > deadline) throw new Error('bench: no evaluation pass was logged in time');
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

function loggedPasses(): Pass[] {
  if (!fs.existsSync(LOG_FILE)) return [];
  return fs
    .readFileSync(LOG_FILE, 'utf8')
    .split('\n')
    .filter((line) => line.includes('"alert rules evaluated"'))
    .map((line) => JSON.parse(line) as { time: number | string; duration_ms: number })
    .map((entry) => ({
      startedAt: new Date(entry.time).getTime() - entry.duration_ms,
      durationMs: entry.duration_ms,
    }));
}

/** FerretDB (named by its listen address) and the PostgreSQL processes behind it, if any. */
function storeProcesses(host: string): WatchedProcess[] {
  const found: WatchedProcess[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      const command = fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      if (commandLine.includes(host) && !commandLine[0]?.endsWith('node')) {
        found.push({ name: `ferretdb:${entry}`, pid: Number(entry) });
      } else if (command === 'postgres') {
        found.push({ name: `postgres:${entry}`, pid: Number(entry) });
      }
    } catch {
      // Gone between the listing and the read.
    }
  }
  return found;
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}
