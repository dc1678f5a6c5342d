// The infra of one e2e system, owned by it alone: Redis (with an append-only file, so a restart
// loses nothing, as a production Redis would be set up), FerretDB on a fresh PostgreSQL cluster
// (or fresh SQLite files: the backend tools/infra would pick, see planStore), stripe-mock and maildev. Each can be stopped and started again on the same port, which is what
// the fault scenarios do.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { ServiceName } from '@vantage/contracts';
import { ensureFerretdbBinary, ferretdbArgs } from '../infra/src/ferretdb';
import { freePort } from '../infra/src/free-port';
import { maildevArgs, pingMaildev } from '../infra/src/maildev';
import { pingMongo } from '../infra/src/mongo-ping';
import { infraPaths } from '../infra/src/paths';
import { planStore, type StorePlan } from '../infra/src/plan';
import {
  ensurePostgresCluster,
  findPostgresBinDir,
  localPostgresRunAs,
  POSTGRES_STOP_SIGNAL,
  postgresReady,
  postgresServerArgs,
  postgresUrl,
} from '../infra/src/postgres';
import {
  newServicePasswords,
  serviceRedisUrls,
  transportPrefixOf,
  writeRedisAclFile,
} from '../infra/src/redis-acl';
import { serviceAclRulesFor } from '../run/service-acl-rules';
import { pingRedis } from '../infra/src/redis-server';
import { ensureStripeMockBinary, pingStripeMock, stripeMockArgs } from '../infra/src/stripe-mock';
import { waitFor } from '../infra/src/wait-for';
import { findOnPath } from '../infra/src/which';
import { ManagedProcess, type ProcessSpec } from './managed-process';

export type InfraComponent = 'redis' | 'mongo' | 'stripe' | 'mail';

interface Component {
  readonly spec: ProcessSpec;
  readonly ready: () => Promise<boolean>;
  process?: ManagedProcess;
}

const READY_TIMEOUT_MS = 60_000;
/** Fresh ports to try when a server finds its port taken at start (see lostAPortRace). */
const PORT_ATTEMPTS = 3;

export class SystemInfra {
  /** The admin (`default` user, with a password): for the test tools, never for an app. */
  readonly redisUrl: string;
  /** Each app's REDIS_URL: its own Redis user, limited as in production. */
  readonly appRedisUrls: Readonly<Record<ServiceName, string>>;
  readonly mongoUrl: string;
  readonly stripeApiUrl: string;
  readonly smtpPort: number;
  readonly maildevApiUrl: string;
  private readonly components: Record<InfraComponent, Component>;
  /**
   * FerretDB's PostgreSQL, when that is the backend: started before and stopped after the rest.
   * Not an InfraComponent: the fault scenarios take the store away by stopping FerretDB.
   */
  private readonly postgres: Component | null;

  private constructor(
    ports: Record<'redis' | 'mongo' | 'postgres' | 'stripe' | 'smtp' | 'web', number>,
    binaries: { redis: string; ferretdb: string; stripeMock: string; maildevEntry: string },
    private readonly workDir: string,
    store: StorePlan,
  ) {
    // Every app as its own user, the default user behind a password: an app that tried to
    // reach past its grant would fail here as it would in production.
    const aclFile = path.join(workDir, 'redis-users.acl');
    const adminPassword = randomBytes(24).toString('hex');
    const rules = serviceAclRulesFor(transportPrefixOf(process.env));
    const passwords = newServicePasswords(rules.keys());
    writeRedisAclFile(aclFile, { rules, passwords, adminPassword });
    const base = `redis://127.0.0.1:${ports.redis}`;
    this.redisUrl = `redis://default:${adminPassword}@127.0.0.1:${ports.redis}`;
    this.appRedisUrls = serviceRedisUrls(base, passwords) as Record<ServiceName, string>;
    this.mongoUrl = `mongodb://127.0.0.1:${ports.mongo}/`;
    this.stripeApiUrl = `http://127.0.0.1:${ports.stripe}`;
    this.smtpPort = ports.smtp;
    this.maildevApiUrl = `http://127.0.0.1:${ports.web}`;
    const postgresDataDir = path.join(workDir, 'postgres', 'data');
    const spec = (name: string, command: string, args: string[]): ProcessSpec => {
      const dir = path.join(workDir, name);
      fs.mkdirSync(dir, { recursive: true });
      return {
        name,
        command,
        args,
        cwd: dir,
        env: { ...process.env, TMPDIR: dir },
        logFile: path.join(workDir, `${name}.log`),
      };
    };
    this.components = {
      redis: {
        spec: spec('redis', binaries.redis, [
          '--bind',
          '127.0.0.1',
          '--port',
          String(ports.redis),
          '--save',
          '',
          '--appendonly',
          'yes',
          '--appendfsync',
          'everysec',
          '--daemonize',
          'no',
          '--aclfile',
          aclFile,
        ]),
        ready: () => pingRedis(this.redisUrl),
      },
      mongo: {
        spec: spec(
          'ferretdb',
          binaries.ferretdb,
          ferretdbArgs(
            ports.mongo,
            store.backend === 'postgresql'
              ? { backend: 'postgresql', url: postgresUrl(ports.postgres) }
              : { backend: 'sqlite', dir: path.join(workDir, 'ferretdb', 'data') },
          ),
        ),
        ready: () => pingMongo(this.mongoUrl),
      },
      stripe: {
        spec: spec('stripe-mock', binaries.stripeMock, stripeMockArgs(ports.stripe)),
        ready: () => pingStripeMock(this.stripeApiUrl),
      },
      mail: {
        spec: spec('maildev', process.execPath, [
          binaries.maildevEntry,
          ...maildevArgs({ smtp: ports.smtp, web: ports.web }),
        ]),
        ready: () => pingMaildev(this.maildevApiUrl),
      },
    };
    this.postgres =
      store.backend === 'postgresql'
        ? {
            spec: {
              ...spec(
                'postgres',
                path.join(store.binDir, 'postgres'),
                postgresServerArgs(ports.postgres, postgresDataDir),
              ),
              // Its own directory (made by initdb) is the one it must own.
              cwd: path.dirname(postgresDataDir),
              ...(store.runAs === null ? {} : { runAs: store.runAs }),
              stopSignal: POSTGRES_STOP_SIGNAL,
            },
            ready: () => Promise.resolve(postgresReady(postgresDataDir)),
          }
        : null;
  }

  /** Builds (or reuses) the FerretDB and stripe-mock binaries, then starts all four. */
  static async start(workDir: string, progress: (message: string) => void): Promise<SystemInfra> {
    const paths = infraPaths();
    fs.mkdirSync(paths.binDir, { recursive: true });
    fs.mkdirSync(paths.logsDir, { recursive: true });
    const go = findOnPath('go');
    const redis = findOnPath('redis-server');
    if (redis === null) throw new Error('redis-server not found: apt-get install redis-server');
    const store = planStore(process.env, { binDir: findPostgresBinDir, runAs: localPostgresRunAs });
    if (store.backend === 'sqlite' && store.fallbackReason !== undefined)
      progress(store.fallbackReason);
    const [ferretdb, stripeMock] = await Promise.all([
      ensureFerretdbBinary(paths, go, progress),
      ensureStripeMockBinary(paths, go, progress),
    ]);
    for (let attempt = 1; ; attempt += 1) {
      fs.rmSync(workDir, { recursive: true, force: true });
      fs.mkdirSync(workDir, { recursive: true });
      if (store.backend === 'postgresql') {
        await ensurePostgresCluster(
          store.binDir,
          path.join(workDir, 'postgres', 'data'),
          store.runAs,
          path.join(workDir, 'initdb.log'),
        );
      }
      const ports = {
        redis: await freePort(),
        mongo: await freePort(),
        postgres: await freePort(),
        stripe: await freePort(),
        smtp: await freePort(),
        web: await freePort(),
      };
      const infra = new SystemInfra(
        ports,
        { redis, ferretdb, stripeMock, maildevEntry: paths.maildevEntry },
        workDir,
        store,
      );
      try {
        if (infra.postgres !== null) await infra.startOne('postgres', infra.postgres);
        await Promise.all(
          (['redis', 'mongo', 'stripe', 'mail'] as const).map((c) => infra.startComponent(c)),
        );
        return infra;
      } catch (error) {
        await infra.stop();
        if (attempt >= PORT_ATTEMPTS || !infra.lostAPortRace()) throw error;
        progress('a port was taken between choosing it and binding it; trying other ports');
      }
    }
  }

  /**
   * A free port is only free when asked: any outgoing connection on the machine may take it
   * (they draw from the same ephemeral range) before the server binds it.
   */
  private lostAPortRace(): boolean {
    return this.allComponents().some((component) => {
      try {
        return /address already in use|EADDRINUSE/i.test(
          fs.readFileSync(component.spec.logFile, 'utf8'),
        );
      } catch {
        return false;
      }
    });
  }

  async startComponent(name: InfraComponent): Promise<void> {
    await this.startOne(name, this.components[name]);
  }

  private async startOne(name: string, component: Component): Promise<void> {
    if (component.process?.running) return;
    component.process = ManagedProcess.start(component.spec);
    const started = component.process;
    await waitFor(() => component.ready(), {
      description: `${name} did not answer (log: ${component.spec.logFile})`,
      timeoutMs: READY_TIMEOUT_MS,
      intervalMs: 200,
      abortIf: () => started.exitReason,
    });
  }

  /** SIGTERM: Redis writes its append-only file, FerretDB closes its SQLite files or its PostgreSQL connections. */
  async stopComponent(name: InfraComponent): Promise<void> {
    await this.components[name].process?.stop(10_000);
  }

  processes(): { name: string; process: ManagedProcess }[] {
    return this.allComponents()
      .filter((c) => c.process !== undefined)
      .map((c) => ({ name: c.spec.name, process: c.process as ManagedProcess }));
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.components).map((c) => c.process?.stop(5000)));
    await this.postgres?.process?.stop(10_000);
  }

  private allComponents(): Component[] {
    return [...Object.values(this.components), ...(this.postgres === null ? [] : [this.postgres])];
  }

  get directory(): string {
    return this.workDir;
  }
}
