import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from './errors';
import { displayPath, type InfraPaths } from './paths';
import { runToLog, spawnDetached, type DetachedServer } from './processes';

export const FERRETDB_PROGRAM = 'ferretdb';

export const GO_MISSING_MESSAGE =
  'no MongoDB available: set MONGO_URL, install mongod, or install Go >= 1.24 (https://go.dev/dl/) so tools/infra can build FerretDB';

const SOURCE_FILES = ['main.go', 'go.mod', 'go.sum'];

/** True when the launcher binary is missing or older than any of its sources. */
export function ferretdbNeedsBuild(paths: InfraPaths): boolean {
  const built = mtimeMs(paths.ferretdbBinary);
  if (built === null) return true;
  return SOURCE_FILES.some(
    (file) => (mtimeMs(path.join(paths.ferretdbSourceDir, file)) ?? 0) > built,
  );
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
  const args = [
    'build',
    // go.sum is committed: refuse to resolve anything it does not pin.
    '-mod=readonly',
    // The repo may have no commits yet (or be a tarball); stamping VCS info would then fail the build.
    '-buildvcs=false',
    // We only use the SQLite backend; leaving PostgreSQL out saves ~15% of a cold build.
    '-tags',
    'ferretdb_no_postgresql',
    '-o',
    tmp,
    '.',
  ];
  onProgress(`building the FerretDB launcher with ${go} (first build takes about a minute)...`);
  const started = Date.now();
  const result = await runToLog(go, args, { cwd: paths.ferretdbSourceDir, logFile });
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

export function ferretdbArgs(port: number, dataDir: string): string[] {
  return ['-listen', `127.0.0.1:${port}`, '-dir', dataDir, '-log-level', 'warn'];
}

export function startFerretdb(binary: string, port: number, paths: InfraPaths): DetachedServer {
  return spawnDetached(binary, ferretdbArgs(port, paths.ferretdbDataDir), {
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
