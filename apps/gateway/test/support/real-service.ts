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
  for (let attempt = 1; ; attempt += 1) {
    const service = await spawnService(name, buildDir, outDir, gateway, database, env);
    try {
      await waitUntilReady(service);
      return service;
    } catch (error) {
      await service.stop();
      // Free ports are only free when asked: a parallel start (or any outgoing connection) may
      // take one before the service binds it. Other ports, then.
      const lostRace = /EADDRINUSE/.test(readLog(service.log));
      if (!lostRace || attempt >= PORT_ATTEMPTS) throw error;
    }
  }
}

/** Every service child still running, so a test whose setup failed half-way stops them too. */
const running = new Set<RealService>();
const PORT_ATTEMPTS = 3;

/** Stops every real service this file started (those of a failed setup included). */
export async function stopRealServices(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

function readLog(log: string): string {
  try {
    return readFileSync(log, 'utf8');
  } catch {
    return '';
  }
}

async function spawnService(
  name: RealServiceName,
  buildDir: string,
  outDir: string,
  gateway: Gateway,
  database: string,
  env: Readonly<Record<string, string>>,
): Promise<RealService & { readonly opsPort: number; readonly name: string }> {
  const port = await freePort();
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
  const service = {
    name,
    opsPort,
    child,
    log,
    stop: async () => {
      running.delete(service);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
  running.add(service);
  return service;
}

async function waitUntilReady(service: {
  readonly name: string;
  readonly child: ChildProcess;
  readonly log: string;
  readonly opsPort: number;
}): Promise<void> {
  await waitUntil(
    async () => {
      if (service.child.exitCode !== null) {
        throw new Error(`${service.name} exited: ${readLog(service.log).slice(-2000)}`);
      }
      const ready = await fetch(`http://127.0.0.1:${service.opsPort}/health/ready`).catch(
        () => undefined,
      );
      return ready?.status === 200;
    },
    `the ${service.name} to be ready`,
    60_000,
  );
}
