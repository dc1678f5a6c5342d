// Refused junk must not fill anything (issue 13): the whole system (VantageSystem, as the e2e
// suite and system-load boot it) gets 100 MiB of junk through every public route that takes a
// body (from /docs-json), an equal share per kind: without credentials, with bad ones, invalid
// JSON, unsigned Stripe webhooks, and bodies one byte over the route's limit. Redis's used_memory and each app's RSS are
// read before and after; each must grow by less than 10 MiB.
//
// `npm run bench -- abuse`, on demand (a few minutes with the build). Knobs:
// BENCH_ABUSE_MIB (default 100), BENCH_ABUSE_REPLICAS (default 1), BENCH_SYSTEM_SKIP_BUILD=1
// (the apps are built already), BENCH_SYSTEM_KEEP=1 (keep the work dir with the apps' logs).
import path from 'node:path';
import { sleep } from '../../tools/infra/src/wait-for';
import { APP_NAMES } from '../../tools/run/apps';
import { formatTable } from '../../tools/run/table';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { UNLIMITED, withBenchSystem } from '../support/bench-system';
import { positiveIntegerFromEnv } from '../support/env';
import { round3 } from '../support/stats';
import { bodyRoutes } from './body-routes';
import { collectGarbage, INSPECT_ON_SIGNAL } from './collect-garbage';
import { JUNK_KINDS, junkOfVolume } from './junk-requests';
import { memorySnapshot, type MemorySnapshot } from './memory-snapshot';
import { newTally, sendAll, type Tally } from './send-junk';

const MIB = 1024 * 1024;
const GROWTH_LIMIT_BYTES = 10 * MIB;
const CONCURRENCY = 4;
/**
 * Junk sent before the "before" reading, so what the first requests size once (heaps, allocator
 * arenas, a metric series per route and status) does not count as growth.
 */
const WARMUP_SHARE = 0.2;
/** For queues and stream trimming to catch up before a reading (taken after a full GC). */
const SETTLE_MS = 10_000;
/**
 * The request rate limits and the failed-authentication allowance at their maximum, so every junk
 * request meets the refusal it is about (signature, credential, JSON, body limit) instead of a
 * 429; the limiters still count each one.
 */
const BENCH_ENV: Readonly<Record<string, string>> = {
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: UNLIMITED,
  RATE_LIMIT_WEBHOOK_PER_MINUTE: UNLIMITED,
  AUTH_FAILURES_PER_IP: String(1_000_000),
  NODE_OPTIONS: `${process.env['NODE_OPTIONS'] ?? ''} ${INSPECT_ON_SIGNAL}`.trim(),
};

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const volumeBytes = (positiveIntegerFromEnv('BENCH_ABUSE_MIB') ?? 100) * MIB;
  const replicas = positiveIntegerFromEnv('BENCH_ABUSE_REPLICAS') ?? 1;
  return withBenchSystem(
    context,
    { name: 'bench-abuse', replicas, env: BENCH_ENV },
    async (system, workDir) => {
      const routes = await bodyRoutes(system.gatewayUrl);
      context.progress(
        `${routes.length} routes take a body (${routes.filter((r) => r.signed).length} signed)`,
      );
      const snapshot = async (): Promise<MemorySnapshot> => {
        for (const app of system.processes().filter((p) => isAppReplica(p.name) && p.pid !== null))
          // VantageSystem's layout: each replica logs to <workDir>/logs/<name>.log.
          await collectGarbage(app.pid as number, path.join(workDir, 'logs', `${app.name}.log`));
        return memorySnapshot(system.infra.redisUrl, system.processes(), isAppReplica);
      };

      const warmUpBytes = volumeBytes * WARMUP_SHARE;
      context.progress(`warm-up: ${mib(warmUpBytes)} MiB of junk`);
      await sendAll(system.gatewayUrl, junkOfVolume(routes, warmUpBytes), CONCURRENCY, newTally());
      await sleep(SETTLE_MS);
      const before = await snapshot();

      const tally = newTally();
      context.progress(`${mib(volumeBytes)} MiB of junk`);
      await sendAll(system.gatewayUrl, junkOfVolume(routes, volumeBytes), CONCURRENCY, tally);
      await sleep(SETTLE_MS);
      const after = await snapshot();

      const restarts = system.processes().filter((p) => p.restarts > 0);
      return report(
        before,
        after,
        tally,
        restarts.map((p) => `${p.name} x${p.restarts}`),
      );
    },
  );
};

function report(
  before: MemorySnapshot,
  after: MemorySnapshot,
  tally: Tally,
  restarts: readonly string[],
): BenchmarkResult {
  const metrics: Record<string, number> = {};
  const rows: string[][] = [];
  let allPassed = true;
  for (const [name, start] of before.bytes) {
    const end = after.bytes.get(name) ?? null;
    const growth = start === null || end === null ? null : end - start;
    const passed = growth !== null && growth < GROWTH_LIMIT_BYTES;
    allPassed &&= passed;
    rows.push([
      name,
      start === null ? 'n/a' : mib(start),
      end === null ? 'n/a' : mib(end),
      growth === null ? 'n/a' : mib(growth),
      passed ? 'PASS' : 'FAIL',
    ]);
    const key = name.replace(/[^a-z0-9]+/gi, '_').toLowerCase();
    if (growth !== null) metrics[`growth_mib_${key}`] = round3(growth / MIB);
  }
  metrics['junk_mib'] = round3(totalBytes(tally) / MIB);
  metrics['junk_requests'] = [...tally.values()].reduce((sum, kind) => sum + kind.requests, 0);
  metrics['answers_2xx'] = countStatuses(tally, (status) => status.startsWith('2'));
  metrics['answers_5xx'] = countStatuses(tally, (status) => status.startsWith('5'));
  metrics['no_answer'] = countStatuses(tally, (status) => status === 'none');
  metrics['all_growth_under_10_mib'] = allPassed ? 1 : 0;

  const kindRows = JUNK_KINDS.flatMap((kind) => {
    const counts = tally.get(kind);
    if (!counts) return [];
    const statuses = [...counts.statuses]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([status, n]) => `${status} x${n}`)
      .join(', ');
    return [[kind, String(counts.requests), mib(counts.bytes), statuses]];
  });
  console.log(
    `\nabuse: memory before and after ${mib(totalBytes(tally))} MiB of refused junk ` +
      `(verdict PASS when the growth is under ${GROWTH_LIMIT_BYTES / MIB} MiB)\n\n` +
      `${formatTable(['what', 'before MiB', 'after MiB', 'growth MiB', 'verdict'], rows)}\n\n` +
      `${formatTable(['junk', 'requests', 'MiB', 'answers'], kindRows)}\n`,
  );
  const notes = [
    `growth under ${GROWTH_LIMIT_BYTES / MIB} MiB everywhere: ${allPassed ? 'yes' : 'NO'}`,
    `readings after a ${WARMUP_SHARE * 100}% warm-up, 10 s of quiet and a full GC in each app (over the inspector)`,
  ];
  if (restarts.length > 0) notes.push(`replicas restarted during the run: ${restarts.join(', ')}`);
  return { metrics, baselines: {}, ratios: {}, notes };
}

function totalBytes(tally: Tally): number {
  return [...tally.values()].reduce((sum, kind) => sum + kind.bytes, 0);
}

function countStatuses(tally: Tally, match: (status: string) => boolean): number {
  let n = 0;
  for (const kind of tally.values())
    for (const [status, count] of kind.statuses) if (match(status)) n += count;
  return n;
}

function isAppReplica(name: string): boolean {
  return APP_NAMES.some((app) => name.startsWith(`${app}-`));
}

function mib(bytes: number): string {
  return (bytes / MIB).toFixed(1);
}
