// What the gateway costs over bare Fastify on the same machine and Node (issue 3): a plain
// Fastify "hello", the gateway's /health/live, and an authenticated, rate-limited GET routed to
// the telemetry service over the Redis transport and back. One target at a time, each warmed up,
// then measured with autocannon; rps and p50/p99 each, and the ratios to bare Fastify.
//
// `npm run bench -- gateway`. Knobs: BENCH_GATEWAY_CONNECTIONS (default 50),
// BENCH_GATEWAY_PROFILE (auto | always | never, see targetsToProfile). Child logs and CPU
// profiles (open them in Chrome DevTools) land in tmp/bench-gateway/.
import fs from 'node:fs';
import path from 'node:path';
import Redis from 'ioredis';
import mongoose from 'mongoose';
import { freePort } from '../../tools/infra/src/free-port';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { deleteKeysByPrefix } from '../support/delete-keys-by-prefix';
import { ratio, round3 } from '../support/stats';
import { HELLO_PATH } from './bare-fastify-server';
import { BenchChild } from './bench-child';
import { probeRoutedRequest, registerBenchOrg, tokenFromEventStream } from './bench-org';
import { buildApps } from '../../tools/run/build';
import { CpuProfile, summarizeProfile } from './cpu-profile-summary';
import { BENCH_ORG_LIMIT_PER_MINUTE, GatewayStack, startGatewayStack } from './gateway-stack';
import { LoadResult, LoadShape, LoadTarget, measure, warmUp } from './http-load';
import { InspectorProfiler } from './inspector-profiler';
import { CpuShare, OTHER_PROCESSES, watchCpu, WatchedProcess } from './process-cpu';
import { positiveIntegerFromEnv } from '../support/env';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** Logs of the children and CPU profiles; tmp/ is ignored by git. */
const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'bench-gateway');

/**
 * 50 connections, chosen from runs at 10, 50 and 100 (2 cores, 2026-11-23): bare Fastify and
 * /health/live saturate their one core at any of them (58.7k/58.7k/59.7k and 8.3k/8.3k/7.9k
 * rps); the routed GET, whose requests mostly wait on Redis round trips, needs enough in flight
 * to keep the gateway busy (1.2k rps at 10, 1.47k at 50, 1.34k at 100); beyond 50 only the queue
 * grows (p50/p99 double from 50 to 100). BENCH_GATEWAY_CONNECTIONS tries another count.
 */
const DEFAULT_CONNECTIONS = 50;
const SHAPE: LoadShape = {
  connections: positiveIntegerFromEnv('BENCH_GATEWAY_CONNECTIONS') ?? DEFAULT_CONNECTIONS,
  warmupSeconds: 3,
  measureSeconds: 10,
};

/** Issue 15's targets: the routed GET and /health/live as shares of bare Fastify's rps. */
const AIMS = { routed: 0.15, health: 0.7 } as const;
type GatewayTarget = keyof typeof AIMS;

const ROUTED_PATH = '/api/v1/system/services/telemetry/ping';
const CHILD_START_TIMEOUT_MS = 30_000;
/** Telemetry's consumer group may need a moment after /health/live before it answers. */
const ROUTE_READY_TIMEOUT_MS = 30_000;
const PROFILE_TOP = 10;
/** Cores other people's processes may take during a run before we call the numbers disturbed. */
const DISTURBANCE_CORES = 0.25;
const BARE_PROCESS = 'bare Fastify';
const GATEWAY_PROCESS = 'gateway';
const LOAD_GENERATOR = 'load generator (this process)';

type Measured = Record<string, number>;

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  context.progress('building gateway and telemetry (Nx cache makes this quick when unchanged)');
  await buildApps(REPO_ROOT, { apps: ['gateway', 'telemetry'], stdout: 'stderr' });
  const [redisUrl, mongoUrl] = await Promise.all([context.redisUrl(), context.mongoUrl()]);

  context.progress(`bare Fastify: ${describeShape()}`);
  const bare = await measureBareFastify();

  context.progress('starting telemetry and the gateway');
  const stack = await startGatewayStack({
    root: REPO_ROOT,
    logDir: WORK_DIR,
    redisUrl,
    mongoUrl,
    gatewayPort: await freePort(),
    telemetryPort: await freePort(),
    gatewayOpsPort: await freePort(),
    telemetryOpsPort: await freePort(),
    gatewayInspectPort: await freePort(),
  });
  const redis = new Redis(redisUrl, { lazyConnect: true });
  let health: MeasuredTarget;
  let routed: MeasuredTarget;
  let profileNotes: string[] = [];
  try {
    await redis.connect();
    const targets = await prepareGatewayTargets(stack, redisUrl);
    const processes = await watchedProcesses(stack, redis);

    context.progress(`gateway /health/live: ${describeShape()}`);
    const servers = [stack.gateway, stack.telemetry];
    health = await warmUpThenMeasure(targets.health, processes, servers);

    context.progress(`gateway routed GET: ${describeShape()}`);
    routed = await warmUpThenMeasure(targets.routed, processes, servers);

    const toProfile = targetsToProfile({
      health: health.load.rps / bare.load.rps,
      routed: routed.load.rps / bare.load.rps,
    });
    if (toProfile.length > 0)
      profileNotes = await profileGateway(stack, toProfile, targets, context);
  } finally {
    await stack.stop();
    await cleanUp(stack, redis, mongoUrl, context);
  }

  const loads = { bare: bare.load, health: health.load, routed: routed.load };
  const baselines: Measured = {
    ...loadMetrics('bare', loads.bare),
    bare_cpu_us_per_request: cpuPerRequest(BARE_PROCESS, bare),
  };
  const metrics: Measured = {
    ...loadMetrics('health', loads.health),
    health_cpu_us_per_request: cpuPerRequest(GATEWAY_PROCESS, health),
    ...loadMetrics('routed', loads.routed),
    routed_cpu_us_per_request: cpuPerRequest(GATEWAY_PROCESS, routed),
  };
  const ratios: Measured = {
    routed_rps_over_bare_rps: ratio(loads.routed.rps, loads.bare.rps),
    health_rps_over_bare_rps: ratio(loads.health.rps, loads.bare.rps),
  };
  const notes = [
    ...resultTable(loads),
    aimLine('routed', ratios['routed_rps_over_bare_rps'] ?? Number.NaN),
    aimLine('health', ratios['health_rps_over_bare_rps'] ?? Number.NaN),
    ...non2xxNotes(loads),
    ...disturbanceNotes({ bare, health, routed }),
    `${describeShape()}, one target at a time; autocannon runs in the benchmark process, so it shares the 2 cores with the servers`,
    `routed GET: Bearer access token of a fresh free-plan org; the rate limiter counts every request in Redis (limit ${BENCH_ORG_LIMIT_PER_MINUTE}/min, never reached)`,
    `cpu during the bare run (cores): ${formatCpu(bare.cpu)}`,
    `cpu during the health run (cores): ${formatCpu(health.cpu)}`,
    `cpu during the routed run (cores): ${formatCpu(routed.cpu)}`,
    'cpu_us_per_request: CPU time of the server process (bare Fastify, or the gateway alone) per answer; steadier than rps when the machine is busy',
    ...profileNotes,
  ];
  return { metrics, baselines, ratios, notes };
};

interface MeasuredTarget {
  readonly load: LoadResult;
  /** Cores each process used during the measured part (not the warm-up). */
  readonly cpu: readonly CpuShare[];
}

/** `servers` must stay up throughout: a run against a dead server measures nothing. */
async function warmUpThenMeasure(
  target: LoadTarget,
  processes: readonly WatchedProcess[],
  servers: readonly BenchChild[],
): Promise<MeasuredTarget> {
  try {
    await warmUp(target, SHAPE);
    const cpuSince = watchCpu(processes);
    const load = await measure(target, SHAPE);
    assertRunning(servers);
    return { load, cpu: cpuSince() };
  } catch (error) {
    assertRunning(servers);
    throw error;
  }
}

function assertRunning(servers: readonly BenchChild[]): void {
  const gone = servers.find((server) => !server.isRunning);
  if (gone) throw new Error(`${gone.spec.name} ${gone.exitReason} during the run`);
}

async function measureBareFastify(): Promise<MeasuredTarget> {
  const port = await freePort();
  const child = BenchChild.start({
    name: 'bare-fastify',
    // tsx as a loader compiles the one file at start; the route itself runs as plain JS.
    args: ['--import', 'tsx', path.join(__dirname, 'bare-fastify-server.ts')],
    cwd: REPO_ROOT,
    logFile: path.join(WORK_DIR, 'bare-fastify.log'),
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      NODE_ENV: 'production',
      PORT: String(port),
      TSX_TSCONFIG_PATH: path.join(REPO_ROOT, 'tsconfig.base.json'),
    },
  });
  try {
    const url = `http://127.0.0.1:${port}${HELLO_PATH}`;
    await child.waitFor(url, CHILD_START_TIMEOUT_MS);
    const processes: WatchedProcess[] = [{ name: LOAD_GENERATOR, pid: process.pid }];
    if (child.pid !== undefined) processes.push({ name: BARE_PROCESS, pid: child.pid });
    return await warmUpThenMeasure({ name: 'bare', url }, processes, [child]);
  } finally {
    await child.stop();
  }
}

interface GatewayTargets {
  readonly health: LoadTarget;
  readonly routed: LoadTarget;
}

async function prepareGatewayTargets(
  stack: GatewayStack,
  redisUrl: string,
): Promise<GatewayTargets> {
  // No reporting in this stack: the verification mail request stays on its stream.
  const accessToken = await registerBenchOrg(
    stack.gatewayUrl,
    tokenFromEventStream(redisUrl, stack.prefix),
  );
  const headers = { authorization: `Bearer ${accessToken}` };
  const routedUrl = `${stack.gatewayUrl}${ROUTED_PATH}`;
  await stack.gateway.waitFor(routedUrl, ROUTE_READY_TIMEOUT_MS, (status) => status === 200, {
    headers,
  });
  const limits = await probeRoutedRequest(routedUrl, headers);
  if (limits.limit !== BENCH_ORG_LIMIT_PER_MINUTE)
    throw new Error(
      `the routed GET is limited to ${limits.limit}/min, not the ${BENCH_ORG_LIMIT_PER_MINUTE} configured`,
    );
  return {
    // On the ops port, where probes answer: the ops server answers liveness itself (OpsServer).
    health: { name: 'health', url: `${stack.gatewayOpsUrl}/health/live` },
    routed: { name: 'routed', url: routedUrl, headers },
  };
}

async function watchedProcesses(stack: GatewayStack, redis: Redis): Promise<WatchedProcess[]> {
  const watched: WatchedProcess[] = [{ name: LOAD_GENERATOR, pid: process.pid }];
  if (stack.gateway.pid) watched.push({ name: GATEWAY_PROCESS, pid: stack.gateway.pid });
  if (stack.telemetry.pid) watched.push({ name: 'telemetry', pid: stack.telemetry.pid });
  const redisPid = await localRedisPid(redis);
  if (redisPid !== null) watched.push({ name: 'redis', pid: redisPid });
  return watched;
}

/** Redis's pid when it runs on this machine (INFO says; /proc confirms it is ours to read). */
async function localRedisPid(redis: Redis): Promise<number | null> {
  const info = await redis.info('server');
  const pid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  if (!Number.isInteger(pid) || !fs.existsSync(`/proc/${pid}/stat`)) return null;
  const comm = fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  return comm.startsWith('redis') ? pid : null;
}

/**
 * BENCH_GATEWAY_PROFILE: `auto` (default) profiles the targets that miss their aim, `always`
 * both, `never` none. The profile is a separate run after the measured one, so the profiler
 * never slows the numbers reported.
 */
function targetsToProfile(ratios: Record<GatewayTarget, number>): GatewayTarget[] {
  const mode = process.env['BENCH_GATEWAY_PROFILE'] ?? 'auto';
  const all: GatewayTarget[] = ['health', 'routed'];
  if (mode === 'never') return [];
  if (mode === 'always') return all;
  return all.filter((target) => !(ratios[target] >= AIMS[target]));
}

async function profileGateway(
  stack: GatewayStack,
  targets: readonly GatewayTarget[],
  urls: GatewayTargets,
  context: BenchmarkContext,
): Promise<string[]> {
  const pid = stack.gateway.pid;
  if (pid === undefined) return ['profile: the gateway has no pid'];
  const profiler = await InspectorProfiler.attach(pid, stack.gatewayInspectPort);
  const notes: string[] = [];
  try {
    for (const target of targets) {
      context.progress(`profiling the gateway under ${target} load (not part of the numbers)`);
      await profiler.start();
      const load = await measure(urls[target], SHAPE);
      const profile = await profiler.stop();
      const file = path.join(WORK_DIR, `gateway-${target}.cpuprofile`);
      fs.writeFileSync(file, JSON.stringify(profile));
      notes.push(...profileNotes(target, profile, load, file));
    }
  } finally {
    await profiler.detach();
  }
  return notes;
}

function profileNotes(
  target: GatewayTarget,
  profile: CpuProfile,
  load: LoadResult,
  file: string,
): string[] {
  const summary = summarizeProfile(profile, PROFILE_TOP);
  const rows = (label: string, entries: typeof summary.byFunction): string[] =>
    entries.map((entry) => `profile ${target}: ${label} ${entry.percent}%  ${entry.label}`);
  return [
    `profile ${target}: ${Math.round(load.rps)} rps while profiled, ${summary.totalMs} ms sampled, idle ${summary.idlePercent}% (${path.relative(REPO_ROOT, file)})`,
    ...rows('package', summary.byPackage),
    ...rows('self', summary.byFunction),
  ];
}

/** Best effort, and never throws: a failed clean-up must not hide the run's own error. */
async function cleanUp(
  stack: GatewayStack,
  redis: Redis,
  mongoUrl: string,
  context: BenchmarkContext,
): Promise<void> {
  const report = (what: string, error: unknown): void =>
    context.progress(
      `could not ${what}: ${error instanceof Error ? error.message : String(error)}`,
    );
  try {
    if (redis.status !== 'ready') await redis.connect();
    const deleted = await deleteKeysByPrefix(redis, stack.prefix);
    context.progress(`deleted ${deleted} keys under ${stack.prefix}:*`);
  } catch (error) {
    report(`delete the keys under ${stack.prefix}:*`, error);
  } finally {
    redis.disconnect();
  }
  let connection: mongoose.Connection | undefined;
  try {
    connection = await mongoose
      .createConnection(mongoUrl, { serverSelectionTimeoutMS: 10_000 })
      .asPromise();
    for (const name of stack.databases) await connection.useDb(name).dropDatabase();
    context.progress(`dropped databases ${stack.databases.join(', ')}`);
  } catch (error) {
    report(`drop the databases ${stack.databases.join(', ')}`, error);
  } finally {
    await connection?.close();
  }
}

function loadMetrics(name: string, result: LoadResult): Measured {
  return {
    [`${name}_rps`]: Math.round(result.rps),
    [`${name}_p50_ms`]: round3(result.p50Ms),
    [`${name}_p99_ms`]: round3(result.p99Ms),
    [`${name}_non2xx`]: result.non2xx + result.errors,
  };
}

function resultTable(results: Record<'bare' | GatewayTarget, LoadResult>): string[] {
  const rows = Object.entries(results).map(([name, result]) => [
    name === 'bare'
      ? 'bare Fastify hello'
      : name === 'health'
        ? 'gateway /health/live'
        : 'gateway routed GET',
    String(Math.round(result.rps)),
    result.p50Ms.toFixed(2),
    result.p99Ms.toFixed(2),
    name === 'bare' ? '1' : (result.rps / results.bare.rps).toFixed(3),
  ]);
  const header = ['target', 'rps', 'p50_ms', 'p99_ms', 'x bare'];
  const widths = header.map((_, i) =>
    Math.max(...[header, ...rows].map((row) => row[i]?.length ?? 0)),
  );
  return [header, ...rows].map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  '),
  );
}

function aimLine(target: GatewayTarget, value: number): string {
  const met = value >= AIMS[target];
  return `aim ${target} rps >= ${AIMS[target]} x bare: ${value.toFixed(3)} ${met ? 'MET' : 'NOT MET'}`;
}

function non2xxNotes(results: Record<'bare' | GatewayTarget, LoadResult>): string[] {
  return Object.entries(results).map(([name, result]) => {
    const failures = result.non2xx + result.errors;
    if (failures === 0) return `${name}: all ${result.requests} answers 2xx`;
    const statuses = Object.entries(result.non2xxByStatus)
      .map(([status, count]) => `${status}: ${count}`)
      .join(', ');
    return `${name}: ${failures} of ${result.requests + result.errors} NOT 2xx (${statuses || 'none'}; no answer: ${result.errors})`;
  });
}

/** The machine is shared: say so when someone else's work ran alongside a measured run. */
function disturbanceNotes(runs: Record<'bare' | GatewayTarget, MeasuredTarget>): string[] {
  return Object.entries(runs).flatMap(([name, run]) => {
    const others = run.cpu.find((share) => share.name === OTHER_PROCESSES)?.cores ?? 0;
    return others > DISTURBANCE_CORES
      ? [
          `WARNING: other processes used ${others.toFixed(2)} cores during the ${name} run; its numbers are low, rerun when the machine is quieter`,
        ]
      : [];
  });
}

function describeShape(): string {
  return `${SHAPE.connections} connections, ${SHAPE.warmupSeconds} s warm-up, ${SHAPE.measureSeconds} s measured`;
}

function formatCpu(shares: readonly CpuShare[]): string {
  return shares
    .map(
      (share) => `${share.name} ${share.cores.toFixed(2)} (kernel ${share.kernelCores.toFixed(2)})`,
    )
    .join(', ');
}

/** The server's CPU time per answer: what a target costs, whatever the load generator got. */
function cpuPerRequest(server: string, measured: MeasuredTarget): number {
  const cores = measured.cpu.find((share) => share.name === server)?.cores;
  return cores === undefined ? Number.NaN : Math.round((cores * 1e6) / measured.load.rps);
}
