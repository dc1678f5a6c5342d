// Stores of one's own, beside the shared infra: a FerretDB on SQLite and a FerretDB on a
// PostgreSQL cluster of its own, on free ports, with fresh data directories (for bench/store and
// the tests of the FerretDB build). Started with tools/infra's own launch code, so what they
// measure and check is what `npm start` runs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureFerretdbBinary, ferretdbArgs, type FerretdbStore } from './ferretdb';
import { freePort } from './free-port';
import { pingMongo } from './mongo-ping';
import { infraPaths } from './paths';
import {
  ensurePostgresCluster,
  findPostgresBinDir,
  LOCAL_POSTGRES_SETTINGS,
  localPostgresRunAs,
  POSTGRES_MISSING_MESSAGE,
  POSTGRES_STOP_SIGNAL,
  postgresReady,
  postgresUrl,
  startPostgres,
} from './postgres';
import { spawnDetached, stopProcess, type DetachedServer } from './processes';
import { waitFor } from './wait-for';
import { findOnPath } from './which';

export type Backend = 'sqlite' | 'postgresql';

export interface StoreServer {
  readonly backend: Backend;
  readonly mongoUrl: string;
  /** Processes whose own CPU is the store's. */
  readonly pids: readonly number[];
  /** Processes whose whole tree is the store's (the postmaster). */
  readonly trees: readonly number[];
  stop(): Promise<void>;
}

export interface StoreTuning {
  /** Query string for FerretDB's SQLite URI, replacing LOCAL_SQLITE_PARAMS, e.g. `_pragma=synchronous(full)`. */
  readonly sqliteParams?: string;
  /** postgres settings on top of tools/infra's LOCAL_POSTGRES_SETTINGS. */
  readonly postgresSettings?: Readonly<Record<string, string>>;
  /** Query string for FerretDB's PostgreSQL URL, e.g. `pool_max_conns=8`. */
  readonly postgresUrlParams?: string;
}

const READY_TIMEOUT_MS = 60_000;

export async function startStores(
  workDir: string,
  tuning: StoreTuning,
  progress: (message: string) => void,
): Promise<StoreServer[]> {
  const binDir = findPostgresBinDir();
  if (binDir === null) throw new Error(POSTGRES_MISSING_MESSAGE);
  const ferretdb = await ensureFerretdbBinary(infraPaths(), findOnPath('go'), progress);
  fs.rmSync(workDir, { recursive: true, force: true });
  fs.mkdirSync(workDir, { recursive: true });
  const started: StoreServer[] = [];
  try {
    const sqliteDir = path.join(workDir, 'sqlite');
    fs.mkdirSync(sqliteDir);
    started.push(
      await startFerretdbOn(
        'sqlite',
        ferretdb,
        workDir,
        { backend: 'sqlite', dir: sqliteDir },
        tuning,
      ),
    );

    const runAs = localPostgresRunAs();
    const dataDir = path.join(workDir, 'postgres', 'data');
    const pgLog = path.join(workDir, 'postgres.log');
    progress(`creating a PostgreSQL cluster in ${dataDir}`);
    await ensurePostgresCluster(binDir, dataDir, runAs, path.join(workDir, 'initdb.log'));
    const pgPort = await freePort();
    const postgres = startPostgres(binDir, pgPort, dataDir, {
      runAs,
      logFile: pgLog,
      settings: { ...LOCAL_POSTGRES_SETTINGS, ...tuning.postgresSettings },
    });
    await waitFor(() => Promise.resolve(postgresReady(dataDir)), {
      description: `postgres on port ${pgPort} (log: ${pgLog})`,
      timeoutMs: READY_TIMEOUT_MS,
      abortIf: () => postgres.exitReason(),
    });
    const url =
      postgresUrl(pgPort) + (tuning.postgresUrlParams ? `?${tuning.postgresUrlParams}` : '');
    const onPostgres = await startFerretdbOn(
      'postgresql',
      ferretdb,
      workDir,
      { backend: 'postgresql', url },
      tuning,
    ).catch(async (error: unknown) => {
      await stopProcess(postgres.pid, 10_000, POSTGRES_STOP_SIGNAL);
      throw error;
    });
    started.push({
      ...onPostgres,
      trees: [postgres.pid],
      stop: async () => {
        await onPostgres.stop();
        await stopProcess(postgres.pid, 10_000, POSTGRES_STOP_SIGNAL);
      },
    });
    return started;
  } catch (error) {
    await Promise.all(started.map((store) => store.stop()));
    throw error;
  }
}

async function startFerretdbOn(
  backend: Backend,
  binary: string,
  workDir: string,
  store: FerretdbStore,
  tuning: StoreTuning,
): Promise<StoreServer> {
  const port = await freePort();
  const args = ferretdbArgs(port, store);
  if (store.backend === 'sqlite' && tuning.sqliteParams)
    args.push('-sqlite-params', tuning.sqliteParams);
  const logFile = path.join(workDir, `ferretdb-${backend}.log`);
  const server: DetachedServer = spawnDetached(binary, args, { cwd: workDir, logFile });
  const mongoUrl = `mongodb://127.0.0.1:${port}/`;
  const stop = (): Promise<void> => stopProcess(server.pid, 10_000);
  try {
    await waitFor(() => pingMongo(mongoUrl).catch(() => false), {
      description: `FerretDB (${backend}) on port ${port} (log: ${logFile})`,
      timeoutMs: READY_TIMEOUT_MS,
      abortIf: () => server.exitReason(),
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { backend, mongoUrl, pids: [server.pid], trees: [], stop };
}

/** A directory in the OS temp dir for one process's stores (postgres must be able to reach it). */
export function privateStoresDir(purpose: string): string {
  return path.join(os.tmpdir(), `vantage-${purpose}-${process.pid}`);
}
