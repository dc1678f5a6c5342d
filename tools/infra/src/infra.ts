import fs from 'node:fs';
import path from 'node:path';
import { redactUrl } from './errors';
import { ensureFerretdbBinary, FERRETDB_PROGRAM, startFerretdb } from './ferretdb';
import { freePort } from './free-port';
import { withLock } from './lock';
import { MONGOD_PROGRAM, startMongod } from './mongod';
import { pingMongo } from './mongo-ping';
import { displayPath, infraPaths, type InfraPaths } from './paths';
import { planMongo, planRedis, type MongoPlan, type RedisPlan } from './plan';
import { runsProgram, stopProcess, type DetachedServer } from './processes';
import { pingRedis, REDIS_PROGRAM, startRedisServer } from './redis-server';
import {
  readState,
  removeState,
  writeState,
  type InfraState,
  type MongoKind,
  type RedisKind,
} from './state';
import { canConnect, waitFor } from './wait-for';

export type { InfraState, MongoKind, RedisKind } from './state';
export { InfraError } from './errors';

export type InfraUpOptions = {
  /** Where REDIS_URL, MONGO_URL and PATH are read from; defaults to process.env. */
  env?: NodeJS.ProcessEnv;
  /** Repository root that holds .infra/; defaults to this checkout. */
  root?: string;
  /** How long a freshly started (or external) server may take to answer. */
  readyTimeoutMs?: number;
  /** Human-readable progress (starting, building, reusing); the CLI sends it to stderr. */
  onProgress?: (message: string) => void;
};

export type InfraCommandOptions = {
  root?: string;
  onProgress?: (message: string) => void;
};

export type InfraStatus = {
  /** null when infra:up has not been run (or infra:down has). */
  state: InfraState | null;
  redisAnswering: boolean;
  mongoAnswering: boolean;
};

const DEFAULT_READY_TIMEOUT_MS = 30_000;
// Long enough to wait out another process's cold FerretDB build.
const LOCK_TIMEOUT_MS = 5 * 60_000;
// FerretDB gives open client connections 3s to finish before it closes them.
const STOP_GRACE_MS = 5_000;
const START_ATTEMPTS = 3;
const HOST = '127.0.0.1';

type Component<K extends string> = { kind: K; url: string; pid?: number; reused: boolean };

interface UpContext {
  paths: InfraPaths;
  previous: InfraState | null;
  readyTimeoutMs: number;
  progress: (message: string) => void;
}

/**
 * Makes Redis and MongoDB available and returns their URLs. Idempotent: servers recorded in
 * .infra/state.json that are still alive and answering are reused. Servers it starts keep
 * running after the calling process exits, until infraDown().
 */
export async function infraUp(options: InfraUpOptions = {}): Promise<InfraState> {
  const env = options.env ?? process.env;
  const paths = infraPaths(options.root);
  // Plan first so a missing prerequisite fails before anything has been started.
  const redisPlan = planRedis(env);
  const mongoPlan = planMongo(env, paths);
  for (const dir of [paths.infraDir, paths.logsDir, paths.binDir, paths.redisDir])
    fs.mkdirSync(dir, { recursive: true });

  return withLock(paths.lockFile, LOCK_TIMEOUT_MS, async () => {
    const ctx: UpContext = {
      paths,
      previous: readState(paths.stateFile),
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      progress: options.onProgress ?? (() => undefined),
    };
    const startedNow: number[] = [];
    try {
      const redis = await upRedis(redisPlan, ctx);
      if (!redis.reused && redis.pid !== undefined) startedNow.push(redis.pid);
      const mongo = await upMongo(mongoPlan, ctx);
      if (!mongo.reused && mongo.pid !== undefined) startedNow.push(mongo.pid);

      const { previous } = ctx;
      if (previous !== null && redis.reused && mongo.reused) return previous;

      await stopUnused(previous, [redis.pid, mongo.pid]);
      const state: InfraState = {
        redisUrl: redis.url,
        mongoUrl: mongo.url,
        redisKind: redis.kind,
        mongoKind: mongo.kind,
        pids: {},
        startedAt: new Date().toISOString(),
      };
      if (redis.pid !== undefined) state.pids.redis = redis.pid;
      if (mongo.pid !== undefined) state.pids.mongo = mongo.pid;
      writeState(paths.stateFile, state);
      return state;
    } catch (error) {
      // Leave nothing running that state.json does not know about.
      await Promise.all(startedNow.map((pid) => stopProcess(pid, STOP_GRACE_MS)));
      throw error;
    }
  });
}

/** Stops the servers infraUp started (never external ones) and forgets them. Returns what was running, or null. */
export async function infraDown(options: InfraCommandOptions = {}): Promise<InfraState | null> {
  const paths = infraPaths(options.root);
  if (!fs.existsSync(paths.infraDir)) return null;
  return withLock(paths.lockFile, LOCK_TIMEOUT_MS, async () => {
    const previous = readState(paths.stateFile);
    if (previous !== null) {
      for (const [pid, program] of ownedProcesses(previous)) {
        options.onProgress?.(`stopping ${program} (pid ${pid})`);
      }
      await stopUnused(previous, []);
    }
    removeState(paths.stateFile);
    return previous;
  });
}

/** Reads state.json and checks that both services answer right now. */
export async function infraStatus(
  options: Pick<InfraCommandOptions, 'root'> = {},
): Promise<InfraStatus> {
  const state = readState(infraPaths(options.root).stateFile);
  if (state === null) return { state, redisAnswering: false, mongoAnswering: false };
  const [redisAnswering, mongoAnswering] = await Promise.all([
    pingRedis(state.redisUrl).catch(() => false),
    pingMongo(state.mongoUrl).catch(() => false),
  ]);
  return { state, redisAnswering, mongoAnswering };
}

async function upRedis(plan: RedisPlan, ctx: UpContext): Promise<Component<RedisKind>> {
  if (plan.kind === 'external') {
    await waitFor(() => pingRedis(plan.url), {
      description: `REDIS_URL ${redactUrl(plan.url)} does not answer`,
      timeoutMs: ctx.readyTimeoutMs,
      intervalMs: 500,
    });
    return { kind: 'external', url: plan.url, reused: false };
  }
  const { previous } = ctx;
  const pid = previous?.redisKind === 'redis-server' ? previous.pids.redis : undefined;
  if (
    previous !== null &&
    pid !== undefined &&
    runsProgram(pid, REDIS_PROGRAM) &&
    (await answers(() => pingRedis(previous.redisUrl)))
  ) {
    ctx.progress(`reusing redis-server (pid ${pid}) at ${previous.redisUrl}`);
    return { kind: 'redis-server', url: previous.redisUrl, pid, reused: true };
  }
  const started = await startAndWait(ctx, {
    name: 'redis-server',
    logFile: path.join(ctx.paths.logsDir, 'redis-server.log'),
    start: (port) => startRedisServer(plan.binary, port, ctx.paths),
    url: (port) => `redis://${HOST}:${port}`,
    ping: (url) => pingRedis(url),
  });
  return { kind: 'redis-server', ...started, reused: false };
}

async function upMongo(plan: MongoPlan, ctx: UpContext): Promise<Component<MongoKind>> {
  if (plan.kind === 'external') {
    await waitFor(() => pingMongo(plan.url), {
      description: `MONGO_URL ${redactUrl(plan.url)} does not answer`,
      timeoutMs: ctx.readyTimeoutMs,
      intervalMs: 500,
    });
    return { kind: 'external', url: plan.url, reused: false };
  }
  const { previous } = ctx;
  const program = plan.kind === 'mongod' ? MONGOD_PROGRAM : FERRETDB_PROGRAM;
  const pid = previous?.mongoKind === plan.kind ? previous.pids.mongo : undefined;
  if (
    previous !== null &&
    pid !== undefined &&
    runsProgram(pid, program) &&
    (await answers(() => pingMongo(previous.mongoUrl)))
  ) {
    ctx.progress(`reusing ${program} (pid ${pid}) at ${previous.mongoUrl}`);
    return { kind: plan.kind, url: previous.mongoUrl, pid, reused: true };
  }
  const url = (port: number): string => `mongodb://${HOST}:${port}/`;
  const ping = (mongoUrl: string): Promise<boolean> => pingMongo(mongoUrl);
  if (plan.kind === 'mongod') {
    const started = await startAndWait(ctx, {
      name: 'mongod',
      logFile: path.join(ctx.paths.logsDir, 'mongod.log'),
      start: (port) => startMongod(plan.binary, port, ctx.paths),
      url,
      ping,
    });
    return { kind: 'mongod', ...started, reused: false };
  }
  const binary = await ensureFerretdbBinary(ctx.paths, plan.go, ctx.progress);
  const started = await startAndWait(ctx, {
    name: 'ferretdb',
    logFile: path.join(ctx.paths.logsDir, 'ferretdb.log'),
    start: (port) => startFerretdb(binary, port, ctx.paths),
    url,
    ping,
  });
  return { kind: 'ferretdb', ...started, reused: false };
}

interface ServerSpec {
  name: string;
  logFile: string;
  start: (port: number) => DetachedServer;
  url: (port: number) => string;
  ping: (url: string) => Promise<boolean>;
}

async function startAndWait(
  ctx: UpContext,
  spec: ServerSpec,
): Promise<{ url: string; pid: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort(HOST);
    const url = spec.url(port);
    ctx.progress(
      `starting ${spec.name} on ${HOST}:${port} (log: ${displayPath(ctx.paths, spec.logFile)})`,
    );
    const server = spec.start(port);
    try {
      await waitFor(async () => (await canConnect(HOST, port)) && (await spec.ping(url)), {
        description: `${spec.name} on ${HOST}:${port}`,
        timeoutMs: ctx.readyTimeoutMs,
        abortIf: () => {
          const reason = server.exitReason();
          return reason === null ? null : `${reason}; see ${displayPath(ctx.paths, spec.logFile)}`;
        },
      });
      return { url, pid: server.pid };
    } catch (error) {
      const exitedEarly = server.exitReason() !== null;
      await stopProcess(server.pid, STOP_GRACE_MS);
      // Losing the race for the free port shows up as an early exit; a hang will not fix itself on retry.
      if (!exitedEarly || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

/** Stops every process recorded in `state` except those in `keep`, skipping PIDs that no longer run our programs. */
async function stopUnused(
  state: InfraState | null,
  keep: Array<number | undefined>,
): Promise<void> {
  if (state === null) return;
  await Promise.all(
    ownedProcesses(state)
      .filter(([pid]) => !keep.includes(pid))
      .map(([pid]) => stopProcess(pid, STOP_GRACE_MS)),
  );
}

function ownedProcesses(state: InfraState): Array<[number, string]> {
  const owned: Array<[number, string]> = [];
  if (state.redisKind === 'redis-server' && state.pids.redis !== undefined)
    owned.push([state.pids.redis, REDIS_PROGRAM]);
  if (state.mongoKind !== 'external' && state.pids.mongo !== undefined) {
    owned.push([
      state.pids.mongo,
      state.mongoKind === 'mongod' ? MONGOD_PROGRAM : FERRETDB_PROGRAM,
    ]);
  }
  return owned.filter(([pid, program]) => runsProgram(pid, program));
}

async function answers(ping: () => Promise<boolean>): Promise<boolean> {
  try {
    return await ping();
  } catch {
    return false;
  }
}
