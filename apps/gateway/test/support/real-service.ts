import { execFile, type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, openSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from '@vantage/observability/testing';
import { testDatabaseName } from '@vantage/service-runtime/testing';
import { waitUntil } from '@vantage/transport/testing';
import mongoose from 'mongoose';
import type { Gateway } from './gateway-api';

const run = promisify(execFile);
const workspace = path.resolve(__dirname, '../../../..');

/** The services a gateway test may run for real behind the gateway. */
export type RealServiceName = 'traffic-monitor' | 'telemetry';

export interface RealService {
  readonly child: ChildProcess;
  readonly log: string;
  stop(): Promise<void>;
}

/** A fresh folder under the workspace's tmp/ for compiled services and their logs. */
export function realServiceOutDir(label: string): string {
  mkdirSync(path.join(workspace, 'tmp'), { recursive: true });
  return mkdtempSync(path.join(workspace, 'tmp', `${label}-`));
}

/**
 * A real service behind the real gateway: compiled the way `nx run <app>:build` does (apps
 * never import each other, so it runs as its own process), on the gateway's Redis, transport
 * prefix and MongoDB server, with a database of the test file's own, emptied first (jobs such
 * as the anomaly scan cover every organisation of the database, earlier runs' too). `env` adds
 * or overrides variables (e.g. short job intervals).
 */
export async function startRealService(
  name: RealServiceName,
  gateway: Gateway,
  outDir: string,
  env: Readonly<Record<string, string>> = {},
): Promise<RealService> {
  const bin = path.join(workspace, 'node_modules', '.bin');
  // A folder per service: two builds at once must not rewrite each other's copy of the libs.
  const buildDir = path.join(outDir, name);
  const args = ['-p', `apps/${name}/tsconfig.build.json`, '--outDir', buildDir];
  await run(path.join(bin, 'tsc'), args, { cwd: workspace });
  await run(path.join(bin, 'tsc-alias'), args, { cwd: workspace });
  const database = `${testDatabaseName()}_${name.replace(/-/g, '_')}`;
  const connection = await mongoose
    .createConnection(gateway.config.MONGO_URL, { dbName: database })
    .asPromise();
  try {
    await connection.dropDatabase();
  } finally {
    await connection.close();
  }
  const port = await freePort();
  // Probes answer on the ops port only; the public port says 404 to /health/ready.
  const opsPort = await freePort();
  const log = path.join(outDir, `${name}.log`);
  const child = spawn(process.execPath, [path.join(buildDir, `apps/${name}/src/main.js`)], {
    cwd: workspace,
    env: {
      PATH: process.env['PATH'],
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      OPS_HTTP_PORT: String(opsPort),
      REDIS_URL: gateway.config.REDIS_URL,
      MONGO_URL: gateway.config.MONGO_URL,
      MONGO_DB: database,
      TRANSPORT_PREFIX: gateway.config.TRANSPORT_PREFIX,
      GOLDEN_SIGNALS_INTERVAL_MS: '0',
      ...env,
    },
    stdio: ['ignore', openSync(log, 'w'), openSync(log, 'a')],
  });
  await waitUntil(
    async () => {
      if (child.exitCode !== null) {
        throw new Error(`${name} exited: ${readFileSync(log, 'utf8').slice(-2000)}`);
      }
      const ready = await fetch(`http://127.0.0.1:${opsPort}/health/ready`).catch(() => undefined);
      return ready?.status === 200;
    },
    `the ${name} to be ready`,
    60_000,
  );
  return {
    child,
    log,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
