import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from './errors';
import { writeFerretdbOverlay } from './ferretdb-patches';
import { displayPath, type InfraPaths } from './paths';
import { runToLog, spawnDetached, type DetachedServer } from './processes';

export const FERRETDB_PROGRAM = 'ferretdb';

export const GO_MISSING_MESSAGE =
  'no MongoDB available: set MONGO_URL, install mongod, or install Go >= 1.24 (https://go.dev/dl/) so tools/infra can build FerretDB';

const SOURCE_FILES = ['main.go', 'go.mod', 'go.sum'];
/** The edits to FerretDB's own sources are part of what the binary is built from. */
const PATCHES_FILE = path.join(__dirname, 'ferretdb-patches.ts');

/** True when the launcher binary is missing or older than any of its sources. */
export function ferretdbNeedsBuild(paths: InfraPaths): boolean {
  const built = mtimeMs(paths.ferretdbBinary);
  if (built === null) return true;
  return [
    ...SOURCE_FILES.map((file) => path.join(paths.ferretdbSourceDir, file)),
    PATCHES_FILE,
  ].some((file) => (mtimeMs(file) ?? 0) > built);
}

/**
 * Builds tools/infra/ferretdb into .infra/bin/ferretdb when needed. A cold build compiles
 * FerretDB and pure-Go SQLite and takes about a minute on two cores; later runs reuse the binary.
 */
export async function ensureFerretdbBinary(
  paths: InfraPaths,
  go: string | null,
  onProgress: (message: string) => void,
): Promise<string> {
  if (!ferretdbNeedsBuild(paths)) return paths.ferretdbBinary;
  if (go === null) {
    if (fs.existsSync(paths.ferretdbBinary)) {
      onProgress(
        `go not found: using the existing ${displayPath(paths, paths.ferretdbBinary)}, which is older than its sources`,
      );
      return paths.ferretdbBinary;
    }
    throw new InfraError(GO_MISSING_MESSAGE);
  }
  fs.mkdirSync(paths.binDir, { recursive: true });
  const logFile = path.join(paths.logsDir, 'ferretdb-build.log');
  // Build next to the target and rename, so an interrupted build never leaves a truncated binary behind.
  const tmp = `${paths.ferretdbBinary}.${process.pid}.tmp`;
  // Per process too: the e2e system and infra:up may build at the same time.
  const overlayDir = path.join(paths.infraDir, 'build', `ferretdb-${process.pid}`);
  onProgress(`building the FerretDB launcher with ${go} (first build takes about a minute)...`);
  const overlay = await writeFerretdbOverlay(go, paths.ferretdbSourceDir, overlayDir);
  const args = [
    'build',
    // go.sum is committed: refuse to resolve anything it does not pin.
    '-mod=readonly',
    // The repo may have no commits yet (or be a tarball); stamping VCS info would then fail the build.
    '-buildvcs=false',
    // FerretDB with the edits of ferretdb-patches.ts (keyed lookups by _id).
    '-overlay',
    overlay,
    '-o',
    tmp,
    '.',
  ];
  const started = Date.now();
  const result = await runToLog(go, args, { cwd: paths.ferretdbSourceDir, logFile }).finally(() =>
    fs.rmSync(overlayDir, { recursive: true, force: true }),
  );
  if (result !== 0) {
    fs.rmSync(tmp, { force: true });
    throw new InfraError(
      `go build of the FerretDB launcher failed; see ${displayPath(paths, logFile)}`,
    );
  }
  fs.renameSync(tmp, paths.ferretdbBinary);
  onProgress(
    `built ${displayPath(paths, paths.ferretdbBinary)} in ${Math.round((Date.now() - started) / 1000)}s`,
  );
  return paths.ferretdbBinary;
}

/** Where FerretDB keeps the data: a PostgreSQL database (the default) or SQLite files in a directory. */
export type FerretdbStore =
  { backend: 'postgresql'; url: string } | { backend: 'sqlite'; dir: string };

/**
 * FerretDB already runs SQLite in WAL mode; synchronous(normal) stops it from syncing the WAL on
 * every commit (the last commits may be lost on power loss, never on a crash of the process): 2-4x
 * the keyed writes of the default, measured in docs/store.md. Local store only, as for PostgreSQL.
 */
export const LOCAL_SQLITE_PARAMS = '_pragma=synchronous(normal)';

export function ferretdbArgs(port: number, store: FerretdbStore): string[] {
  const backend =
    store.backend === 'postgresql'
      ? ['-handler', 'postgresql', '-postgresql-url', store.url]
      : ['-handler', 'sqlite', '-dir', store.dir, '-sqlite-params', LOCAL_SQLITE_PARAMS];
  return ['-listen', `127.0.0.1:${port}`, ...backend, '-log-level', 'warn'];
}

export function startFerretdb(
  binary: string,
  port: number,
  store: FerretdbStore,
  paths: InfraPaths,
): DetachedServer {
  return spawnDetached(binary, ferretdbArgs(port, store), {
    cwd: paths.infraDir,
    logFile: path.join(paths.logsDir, 'ferretdb.log'),
  });
}

function mtimeMs(file: string): number | null {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
}
