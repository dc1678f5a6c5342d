// The store at rest (issue 15): the whole system (one replica of each app, default settings,
// golden signals on) on infra of its own, loaded through the gateway with 14 days of hourly
// counts for 100 event ids (33,600 events, as a small customer's history), left to flush it,
// then left alone. Prints the store's CPU share over a window that starts 2 minutes after the
// flush finished, and each app's, so the process that keeps the store busy is named.
//
// `npm run bench -- at-rest`. Knobs: BENCH_AT_REST_WAIT_S (rest before measuring, default 120),
// BENCH_AT_REST_WINDOW_S (measured window, default 60), `-- --app-env K=V,K=V` (settings for
// every app, e.g. ALERT_EVALUATION_INTERVAL_MS=0 to see the store without the alert evaluator).
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import type { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { withBenchSystem } from '../support/bench-system';
import { positiveIntegerFromEnv } from '../support/env';
import { registerBenchOrg, tokenFromMaildev } from '../gateway/bench-org';
import { watchCpu } from '../gateway/process-cpu';
import { watchStoreCpu } from '../store/store-cpu';
import { historyBatches, HISTORY_EVENTS } from './hourly-history';

const WAIT_S = positiveIntegerFromEnv('BENCH_AT_REST_WAIT_S') ?? 120;
const WINDOW_S = positiveIntegerFromEnv('BENCH_AT_REST_WINDOW_S') ?? 60;
/** The flush of this history took 65 s on main; past this the bench says so and stops. */
const FLUSH_TIMEOUT_MS = 15 * 60_000;
const FLUSH_POLL_MS = 1000;
/** Percent of one core (bench/support/targets.ts reads `store_cpu_percent_at_rest`). */
const TARGET_STORE_PERCENT = 10;

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const env = appEnv(context.options['app-env']);
  return withBenchSystem(context, { name: 'bench-at-rest', replicas: 1, env }, async (system) => {
    context.progress('registering an org and loading 14 days x 100 event ids of hourly counts');
    const accessToken = await registerBenchOrg(
      system.gatewayUrl,
      tokenFromMaildev(system.infra.maildevApiUrl),
    );
    const loadStarted = performance.now();
    for (const events of historyBatches(Date.now())) {
      await postEvents(system.gatewayUrl, accessToken, events);
    }
    const acceptSeconds = (performance.now() - loadStarted) / 1000;

    context.progress('waiting for the flush of every pending bucket');
    await waitForFlush(system.infra.redisUrl);
    const flushSeconds = (performance.now() - loadStarted) / 1000;

    context.progress(`flushed; resting ${WAIT_S} s, then measuring ${WINDOW_S} s`);
    await sleep(WAIT_S * 1000);
    const processes = system.processes();
    const stopStore = watchStoreCpu(processes);
    const stopApps = watchCpu(
      processes.flatMap((p) => (p.pid === null || p.name === 'supervisor' ? [] : [p])) as {
        name: string;
        pid: number;
      }[],
    );
    await sleep(WINDOW_S * 1000);
    const storeCores = stopStore();
    const apps = stopApps();

    const metrics: Record<string, number> = {
      history_events: HISTORY_EVENTS,
      accept_s: round2(acceptSeconds),
      accepted_and_flushed_s: round2(flushSeconds),
      store_cpu_percent_at_rest: percent(storeCores),
    };
    for (const share of apps) {
      if (share.name.startsWith('ferretdb') || share.name.startsWith('postgres')) continue;
      metrics[`${snake(share.name)}_cpu_percent_at_rest`] = percent(share.cores);
    }
    return {
      metrics,
      baselines: { store_cpu_percent_target: TARGET_STORE_PERCENT },
      ratios: { store_cpu_vs_target: round2(percent(storeCores) / TARGET_STORE_PERCENT) },
      notes: [
        `store CPU ${WAIT_S} s after the flush, over ${WINDOW_S} s: ${percent(storeCores)}% of a core (target < ${TARGET_STORE_PERCENT}%)`,
        ...(Object.keys(env).length > 0 ? [`app settings: ${JSON.stringify(env)}`] : []),
      ],
    };
  });
};

/** `K=V,K=V` from `--app-env`, for every app of the system. */
function appEnv(option: string | undefined): Record<string, string> {
  if (option === undefined || option === 'true') return {};
  return Object.fromEntries(
    option.split(',').map((pair) => {
      const at = pair.indexOf('=');
      if (at < 1) throw new Error(`bench: --app-env wants K=V,K=V (got "${pair}")`);
      return [pair.slice(0, at), pair.slice(at + 1)];
    }),
  );
}

async function postEvents(
  gatewayUrl: string,
  accessToken: string,
  events: readonly unknown[],
): Promise<void> {
  const response = await fetch(`${gatewayUrl}/api/v1/traffic/events`, {
    method: 'POST',
    headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
    body: JSON.stringify({ events }),
  });
  const text = await response.text();
  const rejected = response.ok ? (JSON.parse(text) as { rejected?: unknown }).rejected : undefined;
  if (!response.ok || rejected !== 0) {
    throw new Error(
      `POST /api/v1/traffic/events answered ${response.status}: ${text.slice(0, 300)}`,
    );
  }
}

/**
 * Done when no shard of traffic-monitor's pending counts has a bucket due by now or in flight
 * (the system's own Redis holds nothing else of the kind). The open hour and day stay pending.
 */
async function waitForFlush(redisUrl: string): Promise<void> {
  const redis = new Redis(redisUrl);
  try {
    const deadline = Date.now() + FLUSH_TIMEOUT_MS;
    for (;;) {
      const keys = [
        ...(await redis.keys('*{ingest:*}:due')),
        ...(await redis.keys('*{ingest:*}:in-flight')),
      ];
      const now = Date.now();
      const pending = await Promise.all(keys.map((key) => redis.zcount(key, '-inf', now)));
      if (pending.every((count) => count === 0)) return;
      if (Date.now() > deadline) throw new Error('bench: the history was not flushed in time');
      await sleep(FLUSH_POLL_MS);
    }
  } finally {
    redis.disconnect();
  }
}

function snake(name: string): string {
  return name.replace(/[^a-zA-Z0-9]+/g, '_').toLowerCase();
}

/** Cores as percent of one core, one decimal. */
function percent(cores: number): number {
  return Math.round(cores * 1000) / 10;
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
