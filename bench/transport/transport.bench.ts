// How much the Redis Streams transport costs over raw Redis: request/reply with one and two
// replicas and events, each against a raw ioredis PING at the same concurrency, and requests
// against the peer: the same echo service on Nest's stock Redis transport (pub/sub), one
// replica, same payload and in-flight count, measured in the same run.
import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { firstValueFrom } from 'rxjs';
import { RedisStreamsClient } from '@vantage/transport';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { ClosedLoopOptions, ClosedLoopResult, runClosedLoop } from '../support/closed-loop';
import { deleteKeysByPrefix } from '../support/delete-keys-by-prefix';
import { ratio, round3, summarizeLatencies } from '../support/stats';
import { measureEvents } from './measure-events';
import { nestEchoPattern, nestRedisClient } from './nest-redis-peer';
import { ReplicaPool } from './replica-pool';
import { BENCH_SERVICE, ECHO_PATTERN } from './replica-protocol';

const CONCURRENCY = 64;
const MEASURE: ClosedLoopOptions = { concurrency: CONCURRENCY, durationMs: 5000, maxOps: 20_000 };
// Enough to open connections, create groups and let V8 optimise the hot paths.
const WARMUP: ClosedLoopOptions = { concurrency: CONCURRENCY, durationMs: 1000, maxOps: 3000 };
// Ours and the peer take turns, so a machine that gets busier during the run slows both alike.
const PEER_ROUNDS = 3;
const PEER_MEASURE: ClosedLoopOptions = { ...MEASURE, durationMs: 3000 };
// One at a time: the cost of a round trip itself, with no queueing behind other requests.
const SERIAL: ClosedLoopOptions = { concurrency: 1, durationMs: 2000, maxOps: 1000 };

type Measured = Record<string, number>;

function latencyMetrics(name: string, result: ClosedLoopResult, suffix = ''): Measured {
  const { p50Ms, p99Ms } = summarizeLatencies(result.latenciesMs);
  return { [`${name}_p50_ms${suffix}`]: round3(p50Ms), [`${name}_p99_ms${suffix}`]: round3(p99Ms) };
}

/** rps, p50 and p99 of a closed loop, under `<name>_<stat>[_<suffix>]` keys. */
function loadMetrics(name: string, result: ClosedLoopResult, suffix = ''): Measured {
  return {
    [`${name}_rps${suffix}`]: Math.round(result.opsPerSecond),
    ...latencyMetrics(name, result, suffix),
  };
}

/** Several closed loops counted as one: all their operations over all their time. */
function combine(results: readonly ClosedLoopResult[]): ClosedLoopResult {
  const ops = results.reduce((sum, result) => sum + result.ops, 0);
  const elapsedMs = results.reduce((sum, result) => sum + result.elapsedMs, 0);
  return {
    ops,
    elapsedMs,
    opsPerSecond: (ops * 1000) / elapsedMs,
    latenciesMs: results.flatMap((result) => result.latenciesMs),
  };
}

/** Measures `a` and `b` in alternating rounds after warming both. */
async function takeTurns(
  a: () => Promise<unknown>,
  b: () => Promise<unknown>,
): Promise<[ClosedLoopResult, ClosedLoopResult]> {
  await runClosedLoop(a, WARMUP);
  await runClosedLoop(b, WARMUP);
  const aRounds: ClosedLoopResult[] = [];
  const bRounds: ClosedLoopResult[] = [];
  for (let round = 0; round < PEER_ROUNDS; round++) {
    aRounds.push(await runClosedLoop(a, PEER_MEASURE));
    bRounds.push(await runClosedLoop(b, PEER_MEASURE));
  }
  return [combine(aRounds), combine(bRounds)];
}

async function warmThenMeasure(
  operation: () => Promise<unknown>,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  await runClosedLoop(operation, WARMUP);
  return runClosedLoop(operation, options);
}

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  const redisUrl = await context.redisUrl();
  // A namespace of this run's own: it never meets another run's streams, and is easy to clean.
  const prefix = `bench-transport-${randomBytes(4).toString('hex')}`;
  const redis = new Redis(redisUrl);
  const pool = new ReplicaPool(redisUrl, prefix);
  const peerPool = new ReplicaPool(redisUrl, prefix, 'nest-redis-replica.ts');
  const peerClient = nestRedisClient(redisUrl);
  const client = new RedisStreamsClient({
    redisUrl,
    prefix,
    service: BENCH_SERVICE,
    // Generous: a slow machine should show up as latency, not as a crash.
    requestTimeoutMs: 30_000,
  });
  const baselines: Measured = {};
  const metrics: Measured = {};
  const notes: string[] = [];
  try {
    context.progress('baseline: ioredis PING');
    const ping = () => redis.ping();
    const pings = await warmThenMeasure(ping, MEASURE);
    Object.assign(baselines, loadMetrics('ping', pings));
    Object.assign(baselines, latencyMetrics('ping_serial', await runClosedLoop(ping, SERIAL)));

    context.progress('transport: 1 replica');
    await pool.add();
    await client.connect();
    let n = 0;
    const payload = () => ({ n: n++, orgId: 'org-bench', value: 42 });
    const request = () => firstValueFrom(client.send(ECHO_PATTERN, payload()));
    context.progress('transport and peer (Nest stock Redis transport), 1 replica each, in turns');
    await peerPool.add();
    await peerClient.connect();
    const peerPattern = nestEchoPattern(prefix);
    const peerRequest = () => firstValueFrom(peerClient.send(peerPattern, payload()));
    const [oneReplica, peer] = await takeTurns(request, peerRequest);
    Object.assign(metrics, loadMetrics('request', oneReplica, '_1_replica'));
    Object.assign(baselines, loadMetrics('nest_redis_request', peer, '_1_replica'));
    await peerClient.close();
    await peerPool.stopAll();

    const serial = await runClosedLoop(request, SERIAL);
    Object.assign(metrics, latencyMetrics('request_serial', serial, '_1_replica'));
    await measureEvents(client, pool, WARMUP);
    const events1 = await measureEvents(client, pool, MEASURE);
    metrics['event_emit_rps_1_replica'] = Math.round(events1.emitRps);
    metrics['event_handled_rps_1_replica'] = Math.round(events1.handledRps);

    context.progress('transport: 2 replicas');
    await pool.add();
    await runClosedLoop(request, WARMUP);
    const before = await pool.reports();
    const twoReplicas = await runClosedLoop(request, MEASURE);
    const after = await pool.reports();
    Object.assign(metrics, loadMetrics('request', twoReplicas, '_2_replicas'));
    await measureEvents(client, pool, WARMUP);
    const events2 = await measureEvents(client, pool, MEASURE);
    metrics['event_emit_rps_2_replicas'] = Math.round(events2.emitRps);
    metrics['event_handled_rps_2_replicas'] = Math.round(events2.handledRps);

    metrics['client_rss_mb'] = Math.round(process.memoryUsage().rss / 2 ** 20);
    metrics['replica_rss_mb'] = Math.round(Math.max(...after.map((report) => report.rssMb)));

    const share = after.map(
      (report, i) => report.handledRequests - (before[i]?.handledRequests ?? 0),
    );
    notes.push(
      `ops measured: ping ${pings.ops}, request 1 replica ${oneReplica.ops} (Nest stock Redis ${peer.ops}), 2 replicas ${twoReplicas.ops}, events ${events1.emitted} / ${events2.emitted}`,
      `requests per replica with 2 replicas: ${share.join(' / ')}`,
      `${CONCURRENCY} in flight, ${MEASURE.durationMs} ms or ${MEASURE.maxOps} ops per phase; replicas are child processes with the default server concurrency (32)`,
      `1 replica vs Nest stock Redis transport: ${PEER_ROUNDS} alternating rounds of ${PEER_MEASURE.durationMs} ms each, same payload and in-flight count`,
    );
  } finally {
    await client.close();
    await peerClient.close();
    await pool.stopAll();
    await peerPool.stopAll();
    const deleted = await deleteKeysByPrefix(redis, prefix);
    context.progress(`deleted ${deleted} keys under ${prefix}:*`);
    await redis.quit();
  }

  const ratios: Measured = {};
  const compare = (metric: string, baseline: string, of: Measured = baselines): void => {
    ratios[`${metric}_over_${baseline}`] = ratio(metrics[metric] ?? NaN, of[baseline] ?? NaN);
  };
  for (const replicas of ['1_replica', '2_replicas']) {
    compare(`request_rps_${replicas}`, 'ping_rps');
    compare(`request_p50_ms_${replicas}`, 'ping_p50_ms');
    compare(`request_p99_ms_${replicas}`, 'ping_p99_ms');
    compare(`event_emit_rps_${replicas}`, 'ping_rps');
    compare(`event_handled_rps_${replicas}`, 'ping_rps');
  }
  // The target: our requests/s over the stock transport's, same run (>= 0.6).
  compare('request_rps_1_replica', 'nest_redis_request_rps_1_replica');
  compare('request_p99_ms_1_replica', 'nest_redis_request_p99_ms_1_replica');
  compare('request_serial_p50_ms_1_replica', 'ping_serial_p50_ms');
  compare('request_serial_p99_ms_1_replica', 'ping_serial_p99_ms');
  compare('request_rps_2_replicas', 'request_rps_1_replica', metrics);
  return { metrics, baselines, ratios, notes };
};
