// A throwaway PostgreSQL cluster for FerretDB's postgresql backend (see docs/store.md): its data
// directory under .infra (or wherever the caller says), loopback TCP on a port we pick, unix
// sockets inside the data directory (never /var/run/postgresql, which may not exist or be ours).
import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from './errors';
import { runToLog, spawnDetached, type DetachedServer, type RunAs } from './processes';
import { findOnPath } from './which';

export const POSTGRES_PROGRAM = 'postgres';

/** The superuser initdb creates; local trust auth on loopback, so it needs no password. */
export const POSTGRES_USER = 'ferretdb';

/**
 * FerretDB keeps every MongoDB database as a schema inside this one; the `postgres` database
 * exists right after initdb, so starting needs no SQL client.
 */
export const POSTGRES_DATABASE = 'postgres';

/** Debian and Ubuntu keep the server binaries off PATH. */
export const DEBIAN_POSTGRES_LIB_DIR = '/usr/lib/postgresql';

export const POSTGRES_MISSING_MESSAGE =
  'PostgreSQL (initdb and postgres) not found on PATH or in /usr/lib/postgresql/<version>/bin: ' +
  'install it (apt-get install postgresql) or set VANTAGE_STORE_BACKEND=sqlite';

/**
 * Settings for a local dev/test store, measured in bench/store (docs/store.md). They trade
 * durability on a power loss or OS crash (the last few hundred ms of commits) for write speed;
 * a crash of postgres itself loses nothing. Production runs MongoDB, not this.
 */
export const LOCAL_POSTGRES_SETTINGS: Readonly<Record<string, string>> = {
  synchronous_commit: 'off',
  // Small enough for a CI runner; big enough that the working set of tests and benches stays cached.
  shared_buffers: '128MB',
  // No replicas and no point-in-time recovery: minimal WAL is enough.
  wal_level: 'minimal',
  max_wal_senders: '0',
  // FerretDB's pool opens up to 50 connections per client database; leave room for several.
  max_connections: '200',
  // A duplicate _id (an upsert race, an idempotent insert) is an ERROR to postgres and routine to
  // the apps; logging each statement's JSON body with it grew the log by megabytes an hour.
  log_min_error_statement: 'panic',
};

/** The directory holding initdb and postgres: PATH first, else the newest Debian cluster version. */
export function findPostgresBinDir(
  searchPath: string | undefined = process.env['PATH'],
  libDir: string = DEBIAN_POSTGRES_LIB_DIR,
): string | null {
  const postgres = findOnPath(POSTGRES_PROGRAM, searchPath);
  if (postgres !== null && findOnPath('initdb', searchPath) !== null) return path.dirname(postgres);
  let versions: string[];
  try {
    versions = fs.readdirSync(libDir);
  } catch {
    return null;
  }
  const candidates = versions
    .filter((name) => /^\d+(\.\d+)?$/.test(name))
    .sort((a, b) => Number(b) - Number(a))
    .map((version) => path.join(libDir, version, 'bin'));
  return (
    candidates.find(
      (dir) => findOnPath(POSTGRES_PROGRAM, dir) !== null && findOnPath('initdb', dir) !== null,
    ) ?? null
  );
}

/**
 * postgres refuses to run as root; as root (containers, CI) we run initdb and the server as the
 * `postgres` account the Debian package creates (found in `passwdText`, /etc/passwd's format).
 * Anyone else runs it as themselves.
 */
export function postgresRunAs(currentUid: number, passwdText: string): RunAs | null {
  if (currentUid !== 0) return null;
  for (const line of passwdText.split('\n')) {
    const [name, , uid, gid] = line.split(':');
    if (name === 'postgres' && uid !== undefined && gid !== undefined) {
      const account = { uid: Number(uid), gid: Number(gid) };
      if (Number.isInteger(account.uid) && Number.isInteger(account.gid) && account.uid !== 0)
        return account;
    }
  }
  throw new InfraError(
    'running as root, and postgres refuses to: create a `postgres` user (apt-get install postgresql does) or set VANTAGE_STORE_BACKEND=sqlite',
  );
}

/** The account to run postgres as on this machine (see postgresRunAs). */
export function localPostgresRunAs(): RunAs | null {
  const uid = process.getuid?.() ?? -1;
  if (uid !== 0) return null;
  return postgresRunAs(uid, fs.readFileSync('/etc/passwd', 'utf8'));
}

export function postgresServerArgs(
  port: number,
  dataDir: string,
  settings: Readonly<Record<string, string>> = LOCAL_POSTGRES_SETTINGS,
): string[] {
  const all: Record<string, string> = {
    ...settings,
    listen_addresses: '127.0.0.1',
    port: String(port),
    unix_socket_directories: dataDir,
  };
  return [
    '-D',
    dataDir,
    ...Object.entries(all).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
}

/** The URL FerretDB's postgresql handler connects with (trust auth on loopback). */
export function postgresUrl(port: number): string {
  return `postgres://${POSTGRES_USER}@127.0.0.1:${port}/${POSTGRES_DATABASE}`;
}

export function initdbArgs(dataDir: string): string[] {
  return [
    '-D',
    dataDir,
    '-U',
    POSTGRES_USER,
    '--auth=trust',
    '--encoding=UTF8',
    // C collation: byte order like MongoDB's, and no dependency on the machine's locales.
    '--locale=C',
    // The cluster is disposable; skipping fsync makes initdb take a second, not ten.
    '--no-sync',
  ];
}

/**
 * Creates the cluster in `dataDir` unless one is there. Its parent is handed to `runAs` first,
 * since initdb creates (and postgres insists on owning) the data directory.
 */
export async function ensurePostgresCluster(
  binDir: string,
  dataDir: string,
  runAs: RunAs | null,
  logFile: string,
): Promise<void> {
  if (fs.existsSync(path.join(dataDir, 'PG_VERSION'))) return;
  const parent = path.dirname(dataDir);
  fs.mkdirSync(parent, { recursive: true });
  // A half-made cluster (initdb interrupted) would make initdb refuse the directory.
  fs.rmSync(dataDir, { recursive: true, force: true });
  if (runAs !== null) fs.chownSync(parent, runAs.uid, runAs.gid);
  const code = await runToLog(path.join(binDir, 'initdb'), initdbArgs(dataDir), {
    cwd: parent,
    logFile,
    ...(runAs === null ? {} : { runAs }),
  });
  if (code !== 0) {
    const last = lastLine(logFile);
    throw new InfraError(
      `initdb failed (exit code ${code}${last ? `: ${last}` : ''}); see ${logFile}` +
        (runAs === null
          ? ''
          : ` (it runs as uid ${runAs.uid}, which must be able to reach ${parent})`),
    );
  }
}

export function startPostgres(
  binDir: string,
  port: number,
  dataDir: string,
  options: { runAs: RunAs | null; logFile: string; settings?: Readonly<Record<string, string>> },
): DetachedServer {
  return spawnDetached(
    path.join(binDir, POSTGRES_PROGRAM),
    postgresServerArgs(port, dataDir, options.settings),
    {
      cwd: path.dirname(dataDir),
      logFile: options.logFile,
      ...(options.runAs === null ? {} : { runAs: options.runAs }),
    },
  );
}

/**
 * SIGINT is postgres's "fast" shutdown: it disconnects clients and checkpoints. SIGTERM ("smart")
 * would wait for FerretDB's pooled connections to go away on their own.
 */
export const POSTGRES_STOP_SIGNAL: NodeJS.Signals = 'SIGINT';

/**
 * True once the postmaster takes connections: it writes its status ("ready") as the 8th line of
 * postmaster.pid. Read as a file, so no client program or password is needed to ask.
 */
export function postgresReady(dataDir: string): boolean {
  try {
    const lines = fs.readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n');
    return lines[7]?.trim() === 'ready';
  } catch {
    return false;
  }
}

function lastLine(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8').trim().split('\n').pop() ?? '';
  } catch {
    return '';
  }
}
