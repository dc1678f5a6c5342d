// FerretDB's PostgreSQL backend against its SQLite backend (issue 15, docs/store.md): the same
// bucket-shaped documents and query shapes on both, in the same run, on collections pre-filled to
// realistic sizes. Prints operations/s of each (metric: postgresql, baseline: sqlite, ratio:
// postgresql / sqlite) and the store's CPU seconds per 1,000 operations (FerretDB, plus the
// postgres processes), then which filters each backend pushes down (explain).
//
// `npm run bench -- store`. Starts its own stores (never the shared infra) in the OS temp dir.
// Knobs: BENCH_STORE_SIZES (default 10000,60000), BENCH_STORE_SECONDS per shape (default 3),
// BENCH_STORE_SQLITE_PARAMS (SQLite URI query replacing tools/infra's, e.g. `_pragma=synchronous(full)`),
// BENCH_STORE_POSTGRES_SETTINGS (e.g. `synchronous_commit=on,shared_buffers=32MB`),
// BENCH_STORE_POSTGRES_URL_PARAMS (FerretDB's pool, e.g. `pool_max_conns=8`).
import fs from 'node:fs';
import mongoose, { type mongo } from 'mongoose';
import { Benchmark, BenchmarkContext, BenchmarkResult } from '../support/benchmark';
import { runClosedLoop } from '../support/closed-loop';
import { positiveIntegerFromEnv } from '../support/env';
import { ratio, round3 } from '../support/stats';
import { fillBuckets, SHAPES, type BucketDoc, type Shape } from './bucket-workload';
import { explainShapes, type ExplainedShape } from './explain-shapes';
import { cpuSecondsOf } from './store-cpu';
import {
  privateStoresDir,
  startStores,
  type Backend,
  type StoreServer,
} from '../../tools/infra/src/private-stores';

const SIZES = listFromEnv('BENCH_STORE_SIZES')?.map(Number) ?? [10_000, 60_000];
const SECONDS = positiveIntegerFromEnv('BENCH_STORE_SECONDS') ?? 3;
const CONCURRENT_WRITERS = [4, 16];
const WARMUP_MS = 300;

interface Measurement {
  /** Successful operations per second. */
  readonly opsPerSecond: number;
  /** Operations that failed (e.g. SQLITE_BUSY under concurrent writers): counted, not fatal. */
  readonly errors: number;
  /** Store CPU (FerretDB + postgres) per 1,000 operations. */
  readonly cpuSecondsPer1k: number;
}

interface Target {
  readonly store: StoreServer;
  readonly client: mongo.MongoClient;
  readonly db: mongo.Db;
}

export const run: Benchmark = async (context: BenchmarkContext): Promise<BenchmarkResult> => {
  if (SIZES.some((size) => !Number.isInteger(size) || size < 1000))
    throw new Error('BENCH_STORE_SIZES must be integers >= 1000, comma-separated');
  const workDir = privateStoresDir('bench-store');
  const stores = await startStores(
    workDir,
    {
      sqliteParams: process.env['BENCH_STORE_SQLITE_PARAMS'] ?? '',
      postgresSettings: settingsFromEnv('BENCH_STORE_POSTGRES_SETTINGS'),
      postgresUrlParams: process.env['BENCH_STORE_POSTGRES_URL_PARAMS'] ?? '',
    },
    context.progress,
  );
  const targets: Target[] = [];
  const rows: Array<{ key: string; by: Record<Backend, Measurement> }> = [];
  let explained: Record<Backend, ExplainedShape[]> | undefined;
  try {
    for (const store of stores) {
      const client = await new mongoose.mongo.MongoClient(store.mongoUrl).connect();
      targets.push({ store, client, db: client.db('bench_store') });
    }
    for (const size of SIZES) {
      const name = `buckets_${size}`;
      for (const { store, db } of targets) {
        context.progress(`${store.backend}: filling ${name}`);
        await fillBuckets(db.collection<BucketDoc>(name), size);
      }
      const label = `${size / 1000}k`;
      for (const shape of SHAPES) {
        rows.push({
          key: `${shape.name}_${label}`,
          by: await measureEach(targets, name, size, shape, 1, context),
        });
      }
      const update = SHAPES[0];
      for (const concurrency of CONCURRENT_WRITERS) {
        rows.push({
          key: `${update.name}_${label}_c${concurrency}`,
          by: await measureEach(targets, name, size, update, concurrency, context),
        });
      }
    }
    const largest = `buckets_${SIZES[SIZES.length - 1]}`;
    const byBackend = await Promise.all(
      targets.map(
        async ({ store, db }) =>
          [store.backend, await explainShapes(db, db.collection<BucketDoc>(largest))] as const,
      ),
    );
    explained = Object.fromEntries(byBackend) as Record<Backend, ExplainedShape[]>;
  } finally {
    await Promise.all(targets.map(({ client }) => client.close()));
    await Promise.all(stores.map((store) => store.stop()));
    fs.rmSync(workDir, { recursive: true, force: true });
  }
  return report(rows, explained);
};

async function measureEach(
  targets: readonly Target[],
  collection: string,
  size: number,
  shape: Shape,
  concurrency: number,
  context: BenchmarkContext,
): Promise<Record<Backend, Measurement>> {
  const by: Partial<Record<Backend, Measurement>> = {};
  for (const { store, db } of targets) {
    const coll = db.collection<BucketDoc>(collection);
    let errors = 0;
    let firstError = '';
    const op = (): Promise<unknown> =>
      shape.op(coll, size).catch((error: unknown) => {
        errors += 1;
        firstError ||= error instanceof Error ? error.message : String(error);
      });
    await runClosedLoop(op, { concurrency, durationMs: WARMUP_MS, maxOps: 5 * concurrency });
    errors = 0;
    const cpuBefore = cpuSecondsOf(store.pids, store.trees);
    const result = await runClosedLoop(op, {
      concurrency,
      durationMs: SECONDS * 1000,
      maxOps: Number.MAX_SAFE_INTEGER,
    });
    const cpu = cpuSecondsOf(store.pids, store.trees) - cpuBefore;
    const succeeded = result.ops - errors;
    by[store.backend] = {
      opsPerSecond: round3((succeeded * 1000) / result.elapsedMs),
      errors,
      cpuSecondsPer1k: round3((cpu / result.ops) * 1000),
    };
    context.progress(
      `${store.backend}: ${shape.name} on ${size} docs, ${concurrency} in flight: ` +
        `${((succeeded * 1000) / result.elapsedMs).toFixed(1)} ops/s, ` +
        `${((cpu / result.ops) * 1000).toFixed(2)} CPU s per 1k ops` +
        (errors > 0 ? `, ${errors} failed (${firstError.slice(-80)})` : ''),
    );
  }
  return by as Record<Backend, Measurement>;
}

function report(
  rows: ReadonlyArray<{ key: string; by: Record<Backend, Measurement> }>,
  explained: Record<Backend, ExplainedShape[]> | undefined,
): BenchmarkResult {
  const metrics: Record<string, number> = {};
  const baselines: Record<string, number> = {};
  const ratios: Record<string, number> = {};
  const notes = [
    'metric = postgresql backend, baseline = sqlite backend, ratio = postgresql / sqlite',
    'shape | postgresql ops/s | sqlite ops/s | ratio | postgresql CPU s per 1k ops | sqlite CPU s per 1k ops',
  ];
  for (const { key, by } of rows) {
    const { postgresql, sqlite } = by;
    metrics[`${key}_ops_s`] = postgresql.opsPerSecond;
    baselines[`${key}_ops_s`] = sqlite.opsPerSecond;
    ratios[`${key}_ops_s`] = ratio(postgresql.opsPerSecond, sqlite.opsPerSecond);
    metrics[`${key}_cpu_s_per_1k`] = postgresql.cpuSecondsPer1k;
    baselines[`${key}_cpu_s_per_1k`] = sqlite.cpuSecondsPer1k;
    if (postgresql.errors + sqlite.errors > 0) {
      metrics[`${key}_errors`] = postgresql.errors;
      baselines[`${key}_errors`] = sqlite.errors;
    }
    const failed = (m: Measurement): string => (m.errors > 0 ? ` (${m.errors} failed)` : '');
    notes.push(
      `${key} | ${postgresql.opsPerSecond}${failed(postgresql)} | ${sqlite.opsPerSecond}${failed(sqlite)} | ` +
        `${ratio(postgresql.opsPerSecond, sqlite.opsPerSecond)} | ${postgresql.cpuSecondsPer1k} | ${sqlite.cpuSecondsPer1k}`,
    );
  }
  if (explained !== undefined) {
    notes.push('explain | postgresql pushdown (plan) | sqlite pushdown (plan)');
    explained.postgresql.forEach((pg, i) => {
      const sqlite = explained.sqlite[i];
      const sort = pg.sortPushdown ? ', sort pushed down' : '';
      notes.push(
        `${pg.name} | ${pg.filterPushdown}${sort} (${pg.planNodes.join(' > ') || 'no plan'}) | ` +
          `${sqlite?.filterPushdown ?? 'n/a'} (${sqlite?.planNodes.join(' > ') || 'no plan'})`,
      );
    });
  }
  return { metrics, baselines, ratios, notes };
}

function listFromEnv(name: string): string[] | undefined {
  const text = process.env[name]?.trim();
  return text ? text.split(',').map((part) => part.trim()) : undefined;
}

/** `key=value,key=value` into postgres settings. */
function settingsFromEnv(name: string): Record<string, string> {
  const settings: Record<string, string> = {};
  for (const pair of listFromEnv(name) ?? []) {
    const at = pair.indexOf('=');
    if (at < 1) throw new Error(`${name}: expected key=value pairs, got "${pair}"`);
    settings[pair.slice(0, at)] = pair.slice(at + 1);
  }
  return settings;
}
