import fs from 'node:fs';
import path from 'node:path';
import { redactUrl } from './errors';
import {
  ensureFerretdbBinary,
  FERRETDB_PROGRAM,
  startFerretdb,
  type FerretdbStore,
} from './ferretdb';
import { freePort } from './free-port';
import { withLock } from './lock';
import { MONGOD_PROGRAM, startMongod } from './mongod';
import { pingMongo } from './mongo-ping';
import { MAILDEV_PROGRAM, pingMaildev, startMaildev } from './maildev';
import { displayPath, infraPaths, type InfraPaths } from './paths';
import {
  ensurePostgresCluster,
  POSTGRES_PROGRAM,
  POSTGRES_STOP_SIGNAL,
  postgresReady,
  postgresUrl,
  startPostgres,
} from './postgres';
import {
  planMail,
  planMongo,
  planRedis,
  planStripe,
  type MailPlan,
  type MongoPlan,
  type RedisPlan,
  type StorePlan,
  type StripePlan,
} from './plan';
import { runsProgram, stopProcess, type DetachedServer, type RunAs } from './processes';
import { pingRedis, REDIS_PROGRAM, startRedisServer } from './redis-server';
import {
  readState,
  removeState,
  writeState,
  type FerretdbBackend,
  type InfraState,
  type MailKind,
  type MongoKind,
  type RedisKind,
  type StoredInfraState,
  type StripeKind,
} from './state';
import {
  ensureStripeMockBinary,
  pingStripeMock,
  startStripeMock,
  STRIPE_MOCK_PROGRAM,
} from './stripe-mock';
import { canConnect, waitFor } from './wait-for';

export type {
  InfraState,
  MailKind,
  MongoKind,
  RedisKind,
  StoredInfraState,
  StripeKind,
} from './state';
export { InfraError } from './errors';
export { infraEnv } from './infra-env';

export type InfraUpOptions = {
  /** Where REDIS_URL, MONGO_URL, STRIPE_API_URL, SMTP_URL, MAILDEV_API_URL and PATH are read from; defaults to process.env. */
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
  state: StoredInfraState | null;
  redisAnswering: boolean;
  mongoAnswering: boolean;
  /** false also when the state predates stripe-mock (infra:up adds it). */
  stripeAnswering: boolean;
  mailAnswering: boolean;
};

const DEFAULT_READY_TIMEOUT_MS = 30_000;
// Long enough to wait out another process's cold FerretDB build.
const LOCK_TIMEOUT_MS = 5 * 60_000;
// FerretDB gives open client connections 3s to finish before it closes them.
const STOP_GRACE_MS = 5_000;
const START_ATTEMPTS = 3;
const HOST = '127.0.0.1';

type Component<K extends string> = { kind: K; url: string; pid?: number; reused: boolean };
type MailComponent = Component<MailKind> & { apiUrl: string | null };
type PostgresComponent = { url: string; pid: number; reused: boolean };
type MongoComponent = Component<MongoKind> & {
  ferretdbBackend?: FerretdbBackend;
  postgres?: PostgresComponent;
};

interface UpContext {
  paths: InfraPaths;
  previous: StoredInfraState | null;
  readyTimeoutMs: number;
  progress: (message: string) => void;
}

/**
 * Makes Redis, MongoDB, the Stripe API stand-in and an SMTP server available and returns their
 * URLs. Idempotent: servers recorded in .infra/state.json that are still alive and answering are
 * reused, and those missing from it (e.g. a state written before stripe-mock and maildev joined)
 * are started and added. Servers it starts keep running after the calling process exits, until
 * infraDown().
 */
export async function infraUp(options: InfraUpOptions = {}): Promise<InfraState> {
  const env = options.env ?? process.env;
  const paths = infraPaths(options.root);
  // Plan first so a missing prerequisite fails before anything has been started.
  const redisPlan = planRedis(env);
  const mongoPlan = planMongo(env, paths);
  const stripePlan = planStripe(env, paths);
  const mailPlan = planMail(env, paths);
  for (const dir of [paths.infraDir, paths.logsDir, paths.binDir, paths.redisDir])
    fs.mkdirSync(dir, { recursive: true });

  return withLock(paths.lockFile, LOCK_TIMEOUT_MS, async () => {
    const ctx: UpContext = {
      paths,
      previous: readState(paths.stateFile),
      readyTimeoutMs: options.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
      progress: options.onProgress ?? (() => undefined),
    };
    const startedNow: Array<{ pid: number; signal?: NodeJS.Signals }> = [];
    const track = <C extends { pid?: number; reused: boolean }>(component: C): C => {
      if (!component.reused && component.pid !== undefined) startedNow.push({ pid: component.pid });
      return component;
    };
    try {
      const redis = track(await upRedis(redisPlan, ctx));
      const mongo = track(await upMongo(mongoPlan, ctx));
      if (mongo.postgres !== undefined && !mongo.postgres.reused)
        startedNow.push({ pid: mongo.postgres.pid, signal: POSTGRES_STOP_SIGNAL });
      const stripe = track(await upStripe(stripePlan, ctx));
      const mail = track(await upMail(mailPlan, ctx));

      const { previous } = ctx;
      if (
        previous !== null &&
        isComplete(previous) &&
        [redis, mongo, stripe, mail].every((component) => component.reused)
      )
        return previous;

      await stopUnused(previous, [redis.pid, mongo.pid, mongo.postgres?.pid, stripe.pid, mail.pid]);
      const state: InfraState = {
        redisUrl: redis.url,
        mongoUrl: mongo.url,
        redisKind: redis.kind,
        mongoKind: mongo.kind,
        stripeApiUrl: stripe.url,
        stripeKind: stripe.kind,
        smtpUrl: mail.url,
        maildevApiUrl: mail.apiUrl,
        mailKind: mail.kind,
        pids: {},
        // Keep the lease's start time when only a service was added to running infra.
        startedAt:
          previous !== null && redis.reused && mongo.reused
            ? previous.startedAt
            : new Date().toISOString(),
      };
      if (redis.pid !== undefined) state.pids.redis = redis.pid;
      if (mongo.pid !== undefined) state.pids.mongo = mongo.pid;
      if (mongo.ferretdbBackend !== undefined) state.ferretdbBackend = mongo.ferretdbBackend;
      if (mongo.postgres !== undefined) {
        state.postgresUrl = mongo.postgres.url;
        state.pids.postgres = mongo.postgres.pid;
      }
      if (stripe.pid !== undefined) state.pids.stripe = stripe.pid;
      if (mail.pid !== undefined) state.pids.mail = mail.pid;
      writeState(paths.stateFile, state);
      return state;
    } catch (error) {
      // Leave nothing running that state.json does not know about.
      await Promise.all(
        startedNow.map(({ pid, signal }) => stopProcess(pid, STOP_GRACE_MS, signal)),
      );
      throw error;
    }
  });
}

/** Stops the servers infraUp started (never external ones) and forgets them. Returns what was running, or null. */
export async function infraDown(
  options: InfraCommandOptions = {},
): Promise<StoredInfraState | null> {
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

/** Reads state.json and checks that every service answers right now. */
export async function infraStatus(
  options: Pick<InfraCommandOptions, 'root'> = {},
): Promise<InfraStatus> {
  const state = readState(infraPaths(options.root).stateFile);
  if (state === null) {
    return {
      state,
      redisAnswering: false,
      mongoAnswering: false,
      stripeAnswering: false,
      mailAnswering: false,
    };
  }
  const { stripeApiUrl, smtpUrl, maildevApiUrl } = state;
  const [redisAnswering, mongoAnswering, stripeAnswering, mailAnswering] = await Promise.all([
    answers(() => pingRedis(state.redisUrl)),
    answers(() => pingMongo(state.mongoUrl)),
    stripeApiUrl === undefined ? false : answers(() => pingStripeMock(stripeApiUrl)),
    smtpUrl === undefined ? false : answers(() => mailAnswers(smtpUrl, maildevApiUrl ?? null)),
  ]);
  return { state, redisAnswering, mongoAnswering, stripeAnswering, mailAnswering };
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
    portCount: 1,
    start: ([port]) => startRedisServer(plan.binary, port, plan.maxmemory, ctx.paths),
    urls: ([port]) => `redis://${HOST}:${port}`,
    ping: (url) => pingRedis(url),
  });
  return { kind: 'redis-server', url: started.urls, pid: started.pid, reused: false };
}

async function upMongo(plan: MongoPlan, ctx: UpContext): Promise<MongoComponent> {
  if (plan.kind === 'external') {
    await waitFor(() => pingMongo(plan.url), {
      description: `MONGO_URL ${redactUrl(plan.url)} does not answer`,
      timeoutMs: ctx.readyTimeoutMs,
      intervalMs: 500,
    });
    return { kind: 'external', url: plan.url, reused: false };
  }
  if (plan.kind === 'ferretdb') return upFerretdb(plan.go, plan.store, ctx);
  const { previous } = ctx;
  const pid = previous?.mongoKind === 'mongod' ? previous.pids.mongo : undefined;
  if (
    previous !== null &&
    pid !== undefined &&
    runsProgram(pid, MONGOD_PROGRAM) &&
    (await answers(() => pingMongo(previous.mongoUrl)))
  ) {
    ctx.progress(`reusing ${MONGOD_PROGRAM} (pid ${pid}) at ${previous.mongoUrl}`);
    return { kind: 'mongod', url: previous.mongoUrl, pid, reused: true };
  }
  const started = await startAndWait(ctx, {
    name: 'mongod',
    logFile: path.join(ctx.paths.logsDir, 'mongod.log'),
    portCount: 1,
    start: ([port]) => startMongod(plan.binary, port, ctx.paths),
    urls: mongoUrlOf,
    ping: (url) => pingMongo(url),
  });
  return { kind: 'mongod', url: started.urls, pid: started.pid, reused: false };
}

const mongoUrlOf = ([port]: [number, number]): string => `mongodb://${HOST}:${port}/`;

/**
 * FerretDB on the planned backend; for PostgreSQL, first the cluster under .infra/postgres. A
 * running FerretDB on the other backend is kept unless VANTAGE_STORE_BACKEND asks for a switch:
 * restarting the store under running tests because a default changed would pull it from under them.
 */
async function upFerretdb(
  go: string | null,
  store: StorePlan,
  ctx: UpContext,
): Promise<MongoComponent> {
  if (store.backend === 'sqlite' && store.fallbackReason !== undefined)
    ctx.progress(store.fallbackReason);
  const { previous, paths } = ctx;
  const running = previous?.mongoKind === 'ferretdb' ? previous : null;
  const runningBackend = running?.ferretdbBackend ?? 'sqlite';
  const pid = running?.pids.mongo;
  const postgresPid = running?.pids.postgres;
  const postgresRuns =
    runningBackend === 'postgresql' &&
    postgresPid !== undefined &&
    runsProgram(postgresPid, POSTGRES_PROGRAM) &&
    postgresReady(paths.postgresDataDir);
  const runningPostgres =
    postgresRuns && running?.postgresUrl !== undefined
      ? { url: running.postgresUrl, pid: postgresPid, reused: true }
      : undefined;
  if (
    running !== null &&
    pid !== undefined &&
    (runningBackend === store.backend || !store.explicit) &&
    (runningBackend === 'sqlite' || runningPostgres !== undefined) &&
    runsProgram(pid, FERRETDB_PROGRAM) &&
    (await answers(() => pingMongo(running.mongoUrl)))
  ) {
    ctx.progress(`reusing ferretdb on ${runningBackend} (pid ${pid}) at ${running.mongoUrl}`);
    if (runningBackend !== store.backend) {
      ctx.progress(
        `it stores into ${runningBackend}, not ${store.backend}: npm run infra:down, then infra:up, switches it`,
      );
    }
    return {
      kind: 'ferretdb',
      url: running.mongoUrl,
      pid,
      reused: true,
      ferretdbBackend: runningBackend,
      ...(runningPostgres === undefined ? {} : { postgres: runningPostgres }),
    };
  }
  const binary = await ensureFerretdbBinary(paths, go, ctx.progress);
  const postgres =
    store.backend === 'postgresql'
      ? (runningPostgres ?? (await upPostgres(store.binDir, store.runAs, postgresPid, ctx)))
      : undefined;
  const ferretdbStore: FerretdbStore =
    postgres === undefined
      ? { backend: 'sqlite', dir: paths.ferretdbDataDir }
      : { backend: 'postgresql', url: postgres.url };
  try {
    const started = await startAndWait(ctx, {
      name: `ferretdb (${store.backend})`,
      logFile: path.join(paths.logsDir, 'ferretdb.log'),
      portCount: 1,
      start: ([port]) => startFerretdb(binary, port, ferretdbStore, paths),
      urls: mongoUrlOf,
      ping: (url) => pingMongo(url),
    });
    return {
      kind: 'ferretdb',
      url: started.urls,
      pid: started.pid,
      reused: false,
      ferretdbBackend: store.backend,
      ...(postgres === undefined ? {} : { postgres }),
    };
  } catch (error) {
    if (postgres !== undefined && !postgres.reused)
      await stopProcess(postgres.pid, STOP_GRACE_MS, POSTGRES_STOP_SIGNAL);
    throw error;
  }
}

/** Creates the cluster on first use, then starts postgres on it (stopping a stale one of ours first). */
async function upPostgres(
  binDir: string,
  runAs: RunAs | null,
  stalePid: number | undefined,
  ctx: UpContext,
): Promise<PostgresComponent> {
  const { paths } = ctx;
  // Only one postmaster may own the data directory; one that runs but does not answer is ours to end.
  if (stalePid !== undefined && runsProgram(stalePid, POSTGRES_PROGRAM))
    await stopProcess(stalePid, STOP_GRACE_MS, POSTGRES_STOP_SIGNAL);
  const logFile = path.join(paths.logsDir, 'postgres.log');
  if (!fs.existsSync(path.join(paths.postgresDataDir, 'PG_VERSION')))
    ctx.progress(`creating a PostgreSQL cluster in ${displayPath(paths, paths.postgresDataDir)}`);
  await ensurePostgresCluster(
    binDir,
    paths.postgresDataDir,
    runAs,
    path.join(paths.logsDir, 'initdb.log'),
  );
  const started = await startAndWait(ctx, {
    name: 'postgres',
    logFile,
    portCount: 1,
    start: ([port]) => startPostgres(binDir, port, paths.postgresDataDir, { runAs, logFile }),
    urls: ([port]) => postgresUrl(port),
    ping: () => Promise.resolve(postgresReady(paths.postgresDataDir)),
    stopSignal: POSTGRES_STOP_SIGNAL,
  });
  return { url: started.urls, pid: started.pid, reused: false };
}

async function upStripe(plan: StripePlan, ctx: UpContext): Promise<Component<StripeKind>> {
  if (plan.kind === 'external') {
    await waitFor(() => reachable(plan.url), {
      description: `STRIPE_API_URL ${redactUrl(plan.url)} does not answer`,
      timeoutMs: ctx.readyTimeoutMs,
      intervalMs: 500,
    });
    return { kind: 'external', url: plan.url, reused: false };
  }
  const { previous } = ctx;
  const pid = previous?.stripeKind === 'stripe-mock' ? previous.pids.stripe : undefined;
  const previousUrl = previous?.stripeApiUrl;
  if (
    pid !== undefined &&
    previousUrl !== undefined &&
    runsProgram(pid, STRIPE_MOCK_PROGRAM) &&
    (await answers(() => pingStripeMock(previousUrl)))
  ) {
    ctx.progress(`reusing stripe-mock (pid ${pid}) at ${previousUrl}`);
    return { kind: 'stripe-mock', url: previousUrl, pid, reused: true };
  }
  const binary = await ensureStripeMockBinary(ctx.paths, plan.go, ctx.progress);
  const started = await startAndWait(ctx, {
    name: 'stripe-mock',
    logFile: path.join(ctx.paths.logsDir, 'stripe-mock.log'),
    portCount: 1,
    start: ([port]) => startStripeMock(binary, port, ctx.paths),
    urls: ([port]) => `http://${HOST}:${port}`,
    ping: (url) => pingStripeMock(url),
  });
  return { kind: 'stripe-mock', url: started.urls, pid: started.pid, reused: false };
}

async function upMail(plan: MailPlan, ctx: UpContext): Promise<MailComponent> {
  if (plan.kind === 'external') {
    const { smtpUrl, apiUrl } = plan;
    await waitFor(() => mailAnswers(smtpUrl, apiUrl), {
      description: `SMTP_URL ${redactUrl(smtpUrl)}${apiUrl === null ? '' : ` or MAILDEV_API_URL ${redactUrl(apiUrl)}`} does not answer`,
      timeoutMs: ctx.readyTimeoutMs,
      intervalMs: 500,
    });
    return { kind: 'external', url: smtpUrl, apiUrl, reused: false };
  }
  const { previous } = ctx;
  const pid = previous?.mailKind === 'maildev' ? previous.pids.mail : undefined;
  const smtpUrl = previous?.smtpUrl;
  const apiUrl = previous?.maildevApiUrl ?? null;
  if (
    pid !== undefined &&
    smtpUrl !== undefined &&
    apiUrl !== null &&
    runsProgram(pid, MAILDEV_PROGRAM) &&
    (await answers(() => mailAnswers(smtpUrl, apiUrl)))
  ) {
    ctx.progress(`reusing maildev (pid ${pid}) at ${smtpUrl}, web ${apiUrl}`);
    return { kind: 'maildev', url: smtpUrl, apiUrl, pid, reused: true };
  }
  const started = await startAndWait(ctx, {
    name: 'maildev',
    logFile: path.join(ctx.paths.logsDir, 'maildev.log'),
    portCount: 2,
    start: ([smtp, web]) => startMaildev(plan.entry, { smtp, web }, ctx.paths),
    urls: ([smtp, web]) => ({ smtp: `smtp://${HOST}:${smtp}`, api: `http://${HOST}:${web}` }),
    ping: (urls) => pingMaildev(urls.api),
  });
  return {
    kind: 'maildev',
    url: started.urls.smtp,
    apiUrl: started.urls.api,
    pid: started.pid,
    reused: false,
  };
}

interface ServerSpec<U> {
  name: string;
  logFile: string;
  /** How many free ports the server needs (maildev: SMTP and web). */
  portCount: 1 | 2;
  start: (ports: [number, number]) => DetachedServer;
  urls: (ports: [number, number]) => U;
  ping: (urls: U) => Promise<boolean>;
  /** How to stop it if it does not come up; SIGTERM unless given. */
  stopSignal?: NodeJS.Signals;
}

async function startAndWait<U>(
  ctx: UpContext,
  spec: ServerSpec<U>,
): Promise<{ urls: U; pid: number }> {
  for (let attempt = 1; ; attempt++) {
    const ports = await freePorts(spec.portCount);
    const urls = spec.urls(ports);
    const shown = ports.slice(0, spec.portCount).map((port) => `${HOST}:${port}`);
    ctx.progress(
      `starting ${spec.name} on ${shown.join(' and ')} (log: ${displayPath(ctx.paths, spec.logFile)})`,
    );
    const server = spec.start(ports);
    try {
      await waitFor(
        async () => (await allConnect(ports.slice(0, spec.portCount))) && (await spec.ping(urls)),
        {
          description: `${spec.name} on ${shown.join(' and ')}`,
          timeoutMs: ctx.readyTimeoutMs,
          abortIf: () => {
            const reason = server.exitReason();
            return reason === null
              ? null
              : `${reason}; see ${displayPath(ctx.paths, spec.logFile)}`;
          },
        },
      );
      return { urls, pid: server.pid };
    } catch (error) {
      const exitedEarly = server.exitReason() !== null;
      await stopProcess(server.pid, STOP_GRACE_MS, spec.stopSignal);
      // Losing the race for the free port shows up as an early exit; a hang will not fix itself on retry.
      if (!exitedEarly || attempt >= START_ATTEMPTS) throw error;
    }
  }
}

/** Distinct free ports; unused slots are 0. Asked for together so the OS does not hand out one twice. */
async function freePorts(count: 1 | 2): Promise<[number, number]> {
  const first = await freePort(HOST);
  if (count === 1) return [first, 0];
  for (;;) {
    const second = await freePort(HOST);
    if (second !== first) return [first, second];
  }
}

async function allConnect(ports: number[]): Promise<boolean> {
  const results = await Promise.all(ports.map((port) => canConnect(HOST, port)));
  return results.every(Boolean);
}

/** An external HTTP or SMTP service: a TCP connection to its host and port is all we check. */
async function reachable(url: string): Promise<boolean> {
  const parsed = new URL(url);
  const defaults: Record<string, number> = {
    'http:': 80,
    'https:': 443,
    'smtp:': 25,
    'smtps:': 465,
  };
  const port = parsed.port === '' ? defaults[parsed.protocol] : Number(parsed.port);
  if (port === undefined) return false;
  return canConnect(parsed.hostname.replace(/^\[|\]$/g, ''), port);
}

async function mailAnswers(smtpUrl: string, apiUrl: string | null): Promise<boolean> {
  if (!(await reachable(smtpUrl))) return false;
  return apiUrl === null ? true : pingMaildev(apiUrl);
}

function isComplete(state: StoredInfraState): state is InfraState {
  return state.stripeApiUrl !== undefined && state.smtpUrl !== undefined;
}

/** Stops every process recorded in `state` except those in `keep`, skipping PIDs that no longer run our programs. */
async function stopUnused(
  state: StoredInfraState | null,
  keep: Array<number | undefined>,
): Promise<void> {
  if (state === null) return;
  await Promise.all(
    ownedProcesses(state)
      .filter(([pid]) => !keep.includes(pid))
      .map(([pid, program]) =>
        stopProcess(
          pid,
          STOP_GRACE_MS,
          program === POSTGRES_PROGRAM ? POSTGRES_STOP_SIGNAL : 'SIGTERM',
        ),
      ),
  );
}

function ownedProcesses(state: StoredInfraState): Array<[number, string]> {
  const owned: Array<[number, string]> = [];
  if (state.redisKind === 'redis-server' && state.pids.redis !== undefined)
    owned.push([state.pids.redis, REDIS_PROGRAM]);
  if (state.mongoKind !== 'external' && state.pids.mongo !== undefined) {
    owned.push([
      state.pids.mongo,
      state.mongoKind === 'mongod' ? MONGOD_PROGRAM : FERRETDB_PROGRAM,
    ]);
  }
  if (state.mongoKind === 'ferretdb' && state.pids.postgres !== undefined)
    owned.push([state.pids.postgres, POSTGRES_PROGRAM]);
  if (state.stripeKind === 'stripe-mock' && state.pids.stripe !== undefined)
    owned.push([state.pids.stripe, STRIPE_MOCK_PROGRAM]);
  if (state.mailKind === 'maildev' && state.pids.mail !== undefined)
    owned.push([state.pids.mail, MAILDEV_PROGRAM]);
  return owned.filter(([pid, program]) => runsProgram(pid, program));
}

async function answers(ping: () => Promise<boolean>): Promise<boolean> {
  try {
    return await ping();
  } catch {
    return false;
  }
}
