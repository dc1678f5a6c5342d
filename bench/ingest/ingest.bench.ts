// Traffic ingestion end to end (issue 4): batches of 1,000 events over 10,000 event ids sent to
// the real traffic-monitor (from its build) through its transport handler, as the gateway sends
// them, and counted as stored once flushed to MongoDB and readable there at minute, hour and day
// resolution. Next to it, in the same run and on the same servers: the naive path, insertMany of
// one document per event. Prints events/s of both, the ratio, and the service's peak RSS.
//
// `npm run bench -- ingest`. Knobs: BENCH_INGEST_BATCHES (default 1000, i.e. 1,000,000 events
// per path), BENCH_INGEST_CONCURRENCY (batches in flight, default 8), BENCH_INGEST_PROFILE=1
// (a V8 CPU profile of the service, summarised in the notes; it slows the service a little).
// The service's log and profile land in tmp/bench-ingest/.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import Redis from 'ioredis';
import mongoose from 'mongoose';
import { lastValueFrom } from 'rxjs';
import type { BucketFlushResultDto, IngestResultDto } from '@vantage/contracts';
import { runWithContext } from '@vantage/observability';
import { RedisStreamsClient } from '@vantage/transport';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { ClosedLoopResult, runClosedLoop } from '../support/closed-loop';
import { dropRunState } from '../support/drop-run-state';
import { ratio, round3, summarizeLatencies } from '../support/stats';
import { buildApps } from '../../tools/run/build';
import { stopProfiled } from '../support/profile-summary';
import { CpuShare, watchCpu, WatchedProcess } from '../gateway/process-cpu';
import { BATCH_SIZE, EVENT_IDS, eventBatch } from './event-batches';
import { insertNaively } from './naive-insert';
import { BUCKET_COLLECTIONS, Resolution, storedTotals } from './stored-counts';
import { cpuSecondsOf } from './service-cpu';
import { startTrafficMonitor, TRAFFIC_MONITOR_LOG } from './traffic-monitor-child';
import { positiveIntegerFromEnv } from '../support/env';
import {
  TRAFFIC_BUCKETS_FLUSH_PATTERN,
  TRAFFIC_INGEST_PATTERN,
} from '../support/traffic-monitor-patterns';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const WORK_DIR = path.join(REPO_ROOT, 'tmp', 'bench-ingest');

const BATCHES = positiveIntegerFromEnv('BENCH_INGEST_BATCHES') ?? 1000;
const CONCURRENCY = positiveIntegerFromEnv('BENCH_INGEST_CONCURRENCY') ?? 8;
const PROFILE = process.env['BENCH_INGEST_PROFILE'] === '1';
/** Opens connections, creates the consumer group's work and lets V8 optimise the hot paths. */
const WARMUP_BATCHES = 50;
const AIM_EVENTS_PER_S = 100_000;
const AIM_RATIO = 10;
/** A drain of a million events' buckets takes seconds; the default 5 s would cut it short. */
const REQUEST_TIMEOUT_MS = 300_000;
const NAIVE_COLLECTION = 'bench_naive_events';

type Measured = Record<string, number>;

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  fs.mkdirSync(WORK_DIR, { recursive: true });
  context.progress('building traffic-monitor (Nx cache makes this quick when unchanged)');
  await buildApps(REPO_ROOT, { apps: ['traffic-monitor'], stdout: 'stderr' });
  const [redisUrl, mongoUrl] = await Promise.all([context.redisUrl(), context.mongoUrl()]);

  context.progress('starting traffic-monitor');
  const service = await startTrafficMonitor({
    root: REPO_ROOT,
    logFile: TRAFFIC_MONITOR_LOG(WORK_DIR),
    redisUrl,
    mongoUrl,
    ...(PROFILE ? { cpuProfileDir: WORK_DIR } : {}),
  });
  const redis = new Redis(redisUrl);
  /** Filled in the finally below too: the profile exists only once the service has exited. */
  const notes: string[] = [];
  const client = new RedisStreamsClient({
    redisUrl,
    prefix: service.prefix,
    service: 'traffic-monitor',
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
  });
  const connection = await mongoose.createConnection(mongoUrl).asPromise();
  const db = connection.useDb(service.database).db;
  if (!db) throw new Error('no MongoDB database handle');
  try {
    await client.connect();
    const processes = await watchedProcesses(service.child.pid, redis, mongoUrl);
    const sender = new BatchSender(client);

    context.progress(`bucket path: warm-up, then ${describeLoad()}`);
    await sender.ingest(newOrgId(), WARMUP_BATCHES, 0);
    await sender.flush();
    const org = newOrgId();
    const cpuSince = watchCpu(processes);
    const serviceCpuAtStart = cpuSecondsOf(service.child.pid);
    const started = performance.now();
    const ingestLoop = await sender.ingest(org, BATCHES, WARMUP_BATCHES);
    const ingestedAt = performance.now();
    const serviceCpuAnswered = cpuSecondsOf(service.child.pid);
    const drained = await sender.flush();
    const storedAt = performance.now();
    const serviceCpuStored = cpuSecondsOf(service.child.pid);
    const bucketCpu = cpuSince();
    const stored = await storedTotals(db, org);
    const events = BATCHES * BATCH_SIZE;
    assertAllStored(stored.events, events);

    context.progress(`naive path: warm-up, then ${describeLoad()}`);
    const naiveCollection = db.collection<{
      orgId: string;
      eventId: string;
      timestamp: Date;
      count: number;
    }>(NAIVE_COLLECTION);
    const naiveOptions = { concurrency: CONCURRENCY };
    await insertNaively(naiveCollection, newOrgId(), { ...naiveOptions, batches: WARMUP_BATCHES });
    const naiveCpuSince = watchCpu(processes);
    const naive = await insertNaively(naiveCollection, org, {
      ...naiveOptions,
      batches: BATCHES,
      firstBatch: WARMUP_BATCHES,
    });
    const naiveCpu = naiveCpuSince();
    if (naive.stored !== events) {
      throw new Error(`naive path stored ${naive.stored} of ${events} events`);
    }

    const storedSeconds = (storedAt - started) / 1000;
    const ingestSeconds = (ingestedAt - started) / 1000;
    const storedRate = events / storedSeconds;
    const naiveRate = events / (naive.loop.elapsedMs / 1000);
    const metrics: Measured = {
      stored_events_per_s: Math.round(storedRate),
      ingested_events_per_s: Math.round(events / ingestSeconds),
      drain_after_last_batch_s: round3((storedAt - ingestedAt) / 1000),
      // Until the last answer (validation, aggregation, Redis; the flush loop too), and until
      // stored (the drain to MongoDB added): cost per event, whatever else shares the cores.
      service_cpu_us_per_event_answered: round3(
        ((serviceCpuAnswered - serviceCpuAtStart) * 1e6) / events,
      ),
      service_cpu_us_per_event_stored: round3(
        ((serviceCpuStored - serviceCpuAtStart) * 1e6) / events,
      ),
      ...latencyMetrics('batch', ingestLoop),
      minute_documents: stored.documents.minute,
      hour_documents: stored.documents.hour,
      day_documents: stored.documents.day,
      service_peak_rss_mb: service.peakRssMb(),
      bench_peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    const baselines: Measured = {
      naive_events_per_s: Math.round(naiveRate),
      ...latencyMetrics('naive_batch', naive.loop),
    };
    const ratios: Measured = {
      stored_events_per_s_over_naive_events_per_s: ratio(storedRate, naiveRate),
    };
    notes.push(
      `${events.toLocaleString('en')} events per path in ${BATCHES} batches of ${BATCH_SIZE} over ${EVENT_IDS.toLocaleString('en')} event ids, ${CONCURRENCY} batches in flight`,
      `bucket path: ${round3(ingestSeconds)} s until the last batch was answered, ${round3(storedSeconds)} s until a drain (${TRAFFIC_BUCKETS_FLUSH_PATTERN}: ${drained.buckets} pending hashes, ${drained.documents} documents) had put every count in MongoDB; the flush loop (defaults: every 1 s, 10 s grace) ran meanwhile`,
      `stored in MongoDB: ${describeTotals(stored.events)} events in ${describeTotals(stored.documents)} bucket documents (minute / hour / day); naive: ${naive.stored.toLocaleString('en')} documents`,
      aimLine(storedRate, naiveRate),
      `peak RSS: traffic-monitor ${metrics['service_peak_rss_mb']} MiB (VmHWM), this process (load generator and naive client) ${metrics['bench_peak_rss_mb']} MiB`,
      `cpu during the bucket path (cores): ${formatCpu(bucketCpu)}`,
      `cpu during the naive path (cores): ${formatCpu(naiveCpu)}`,
      'events go through the transport (Redis Streams), not the gateway HTTP: the gateway adds JSON parsing and auth per batch, measured by bench/gateway',
    );
    return { metrics, baselines, ratios, notes };
  } finally {
    await client.close().catch(() => undefined);
    notes.push(
      ...(await stopProfiled(
        () => service.stop(),
        PROFILE && {
          dir: WORK_DIR,
          title: 'profile of the whole service run',
          whenNone: 'profile: the service wrote none (did it exit cleanly?)',
        },
      )),
    );
    await dropRunState(redis, connection, service, context);
  }
};

/** Sends batches as the gateway does: one request per batch, with the org in the envelope. */
class BatchSender {
  constructor(private readonly client: RedisStreamsClient) {}

  async ingest(orgId: string, batches: number, firstBatch: number): Promise<ClosedLoopResult> {
    let next = firstBatch;
    return runClosedLoop(
      async () => {
        const events = eventBatch(next++);
        const answer = await this.send<IngestResultDto>(orgId, TRAFFIC_INGEST_PATTERN, {
          events,
        });
        if (answer.accepted !== BATCH_SIZE) {
          throw new Error(`a batch was answered ${JSON.stringify(answer).slice(0, 300)}`);
        }
      },
      { concurrency: CONCURRENCY, durationMs: 30 * 60_000, maxOps: batches },
    );
  }

  flush(): Promise<BucketFlushResultDto> {
    return this.send<BucketFlushResultDto>(newOrgId(), TRAFFIC_BUCKETS_FLUSH_PATTERN, {});
  }

  private send<T>(orgId: string, pattern: string, payload: unknown): Promise<T> {
    const actor = { kind: 'api-key' as const, id: 'key_bench', roles: [] };
    return runWithContext({ requestId: randomUUID(), orgId, actor }, () =>
      lastValueFrom(this.client.send<T>(pattern, payload)),
    );
  }
}

function assertAllStored(stored: Record<Resolution, number>, events: number): void {
  for (const resolution of Object.keys(BUCKET_COLLECTIONS) as Resolution[]) {
    if (stored[resolution] !== events) {
      throw new Error(
        `${resolution} buckets hold ${stored[resolution]} of ${events} events after the drain`,
      );
    }
  }
}

function latencyMetrics(name: string, loop: ClosedLoopResult): Measured {
  const { p50Ms, p99Ms } = summarizeLatencies(loop.latenciesMs);
  return { [`${name}_p50_ms`]: round3(p50Ms), [`${name}_p99_ms`]: round3(p99Ms) };
}

function aimLine(storedRate: number, naiveRate: number): string {
  const rateMet = storedRate >= AIM_EVENTS_PER_S;
  const ratioMet = storedRate >= AIM_RATIO * naiveRate;
  return (
    `aim: >= ${AIM_EVENTS_PER_S.toLocaleString('en')} events/s stored (${rateMet ? 'met' : 'MISSED'}) ` +
    `and >= ${AIM_RATIO}x the naive path (${ratioMet ? 'met' : 'MISSED'})`
  );
}

function describeLoad(): string {
  return `${BATCHES} batches of ${BATCH_SIZE}, ${CONCURRENCY} in flight`;
}

function describeTotals(values: Record<Resolution, number>): string {
  return `${values.minute.toLocaleString('en')} / ${values.hour.toLocaleString('en')} / ${values.day.toLocaleString('en')}`;
}

function formatCpu(shares: readonly CpuShare[]): string {
  return shares.map((share) => `${share.name} ${share.cores}`).join(', ');
}

function newOrgId(): string {
  return `org_bench_${randomBytes(6).toString('hex')}`;
}

/** This process, the service, and Redis and FerretDB when they run on this machine. */
async function watchedProcesses(
  servicePid: number | undefined,
  redis: Redis,
  mongoUrl: string,
): Promise<WatchedProcess[]> {
  const watched: WatchedProcess[] = [{ name: 'load generator (this process)', pid: process.pid }];
  if (servicePid !== undefined) watched.push({ name: 'traffic-monitor', pid: servicePid });
  const info = await redis.info('server');
  const redisPid = Number(/process_id:(\d+)/.exec(info)?.[1]);
  if (Number.isInteger(redisPid) && readable(`/proc/${redisPid}/stat`)) {
    watched.push({ name: 'redis', pid: redisPid });
  }
  const mongoPid = localProcessListeningAs(new URL(mongoUrl).host);
  if (mongoPid !== undefined) watched.push({ name: 'mongodb server', pid: mongoPid });
  return watched;
}

/** The local process whose command line names `host` (FerretDB from tools/infra: `-listen`). */
function localProcessListeningAs(host: string): number | undefined {
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const commandLine = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (commandLine.includes(host) && !commandLine[0]?.endsWith('node')) return Number(entry);
    } catch {
      // Gone between the listing and the read.
    }
  }
  return undefined;
}

function readable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.R_OK);
    return true;
  } catch {
    return false;
  }
}
