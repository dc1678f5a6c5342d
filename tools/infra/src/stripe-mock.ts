import fs from 'node:fs';
import path from 'node:path';
import { InfraError } from './errors';
import { displayPath, type InfraPaths } from './paths';
import { runToLog, spawnDetached, type DetachedServer } from './processes';

export const STRIPE_MOCK_PROGRAM = 'stripe-mock';

/** Pinned so every machine mocks the same Stripe API version; bump it here to reinstall. */
export const STRIPE_MOCK_MODULE = 'github.com/stripe/stripe-mock';
export const STRIPE_MOCK_VERSION = 'v0.203.0';

export const STRIPE_MOCK_MISSING_MESSAGE =
  'no Stripe stand-in available: set STRIPE_API_URL, or install Go >= 1.24 (https://go.dev/dl/) so tools/infra can install stripe-mock';

/** The key stripe-mock accepts (it checks only the shape); tests and local apps use it too. */
export const STRIPE_MOCK_API_KEY = 'sk_test_123';

export function stripeMockNeedsInstall(paths: InfraPaths): boolean {
  if (!fs.existsSync(paths.stripeMockBinary)) return true;
  try {
    return fs.readFileSync(paths.stripeMockVersionFile, 'utf8').trim() !== STRIPE_MOCK_VERSION;
  } catch {
    return true;
  }
}

/**
 * `go install`s the pinned stripe-mock into .infra/bin when missing or of another version
 * (a few seconds with a warm module cache); later runs reuse it.
 */
export async function ensureStripeMockBinary(
  paths: InfraPaths,
  go: string | null,
  onProgress: (message: string) => void,
): Promise<string> {
  if (!stripeMockNeedsInstall(paths)) return paths.stripeMockBinary;
  if (go === null) {
    if (fs.existsSync(paths.stripeMockBinary)) {
      onProgress(
        `go not found: using the existing ${displayPath(paths, paths.stripeMockBinary)}, which is not ${STRIPE_MOCK_VERSION}`,
      );
      return paths.stripeMockBinary;
    }
    throw new InfraError(STRIPE_MOCK_MISSING_MESSAGE);
  }
  // Install into a private directory and rename, so an interrupted install never leaves a truncated binary.
  const gobin = path.join(paths.binDir, `.stripe-mock.${process.pid}.tmp`);
  fs.mkdirSync(gobin, { recursive: true });
  const logFile = path.join(paths.logsDir, 'stripe-mock-install.log');
  onProgress(`installing stripe-mock ${STRIPE_MOCK_VERSION} with ${go}...`);
  const started = Date.now();
  try {
    const result = await runToLog(go, ['install', `${STRIPE_MOCK_MODULE}@${STRIPE_MOCK_VERSION}`], {
      // Outside any Go module, so `go install pkg@version` resolves from the module proxy alone.
      cwd: paths.infraDir,
      logFile,
      env: { ...process.env, GOBIN: gobin, GOFLAGS: '-buildvcs=false' },
    });
    const built = path.join(gobin, STRIPE_MOCK_PROGRAM);
    if (result !== 0 || !fs.existsSync(built)) {
      throw new InfraError(`go install of stripe-mock failed; see ${displayPath(paths, logFile)}`);
    }
    fs.renameSync(built, paths.stripeMockBinary);
    fs.writeFileSync(paths.stripeMockVersionFile, `${STRIPE_MOCK_VERSION}\n`);
  } finally {
    fs.rmSync(gobin, { recursive: true, force: true });
  }
  onProgress(
    `installed ${displayPath(paths, paths.stripeMockBinary)} in ${Math.round((Date.now() - started) / 1000)}s`,
  );
  return paths.stripeMockBinary;
}

/**
 * stripe-mock always serves HTTPS as well; without an address it would take the fixed port
 * 12112 on every interface and collide between checkouts, so it gets a loopback port of the OS's choosing.
 */
export function stripeMockArgs(port: number): string[] {
  return ['-http-addr', `127.0.0.1:${port}`, '-https-addr', '127.0.0.1:'];
}

export function startStripeMock(binary: string, port: number, paths: InfraPaths): DetachedServer {
  return spawnDetached(binary, stripeMockArgs(port), {
    cwd: paths.infraDir,
    logFile: path.join(paths.logsDir, 'stripe-mock.log'),
  });
}

/** A real API call, so "ready" means the OpenAPI spec is loaded and routing works. */
export async function pingStripeMock(url: string, timeoutMs = 2000): Promise<boolean> {
  const response = await fetch(new URL('/v1/customers?limit=1', url), {
    headers: { authorization: `Bearer ${STRIPE_MOCK_API_KEY}` },
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.ok;
}
