// The whole system for the e2e suite and the system load benchmark: its own infra, two replicas
// of every app (each on its own port, restarted like a pod when it dies), a round-robin proxy in
// front of the gateway replicas, and a proxy in front of SMTP that a fault can make refuse.
import fs from 'node:fs';
import path from 'node:path';
import { freePort } from '../infra/src/free-port';
import { APP_NAMES, type AppName } from '../run/apps';
import { buildApps } from '../run/build';
import { ManagedProcess, readRssBytes } from './managed-process';
import { SystemInfra, type InfraComponent } from './system-infra';
import { TcpProxy } from './tcp-proxy';
import { waitFor, sleep } from '../infra/src/wait-for';

export const E2E_WEBHOOK_SECRET = 'whsec_vantage_e2e_only';

/** How a replica comes back after it died: like a kubelet restarting a container, after a pause. */
const RESTART_DELAY_MS = 1000;
const READY_TIMEOUT_MS = 90_000;

export interface SystemOptions {
  readonly replicas: number;
  /** Where logs and data go; wiped at start. */
  readonly workDir: string;
  /** Extra variables for every app (a test's shorter intervals and the like). */
  readonly env?: Readonly<Record<string, string>>;
  readonly progress: (message: string) => void;
  /** Skip the Nx build (the caller built already). */
  readonly skipBuild?: boolean;
}

export class Replica {
  process: ManagedProcess | null = null;
  restarts = 0;
  constructor(
    readonly app: AppName,
    readonly index: number,
    readonly port: number,
    /** Probes and /metrics (OPS_HTTP_PORT): the public port does not answer them. */
    readonly opsPort: number,
  ) {}

  get name(): string {
    return `${this.app}-${this.index}`;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  get opsUrl(): string {
    return `http://127.0.0.1:${this.opsPort}`;
  }
}

export interface ProcessInfo {
  readonly name: string;
  readonly pid: number | null;
  readonly running: boolean;
  readonly rssBytes: number | null;
  readonly restarts: number;
}

export class VantageSystem {
  private stopping = false;
  /** Per-app variables set after boot (a configuration change rolled out by rollingRestart). */
  private readonly appOverrides = new Map<AppName, Record<string, string>>();
  private readonly root = path.resolve(__dirname, '..', '..');

  private constructor(
    readonly infra: SystemInfra,
    readonly replicas: readonly Replica[],
    readonly gatewayProxy: TcpProxy,
    readonly smtpProxy: TcpProxy,
    private readonly appEnv: NodeJS.ProcessEnv,
    private readonly options: SystemOptions,
  ) {}

  static async start(options: SystemOptions): Promise<VantageSystem> {
    const { progress } = options;
    if (!options.skipBuild) {
      progress('building the five apps');
      await buildApps(path.resolve(__dirname, '..', '..'), { stdout: 'stderr' });
    }
    progress('starting Redis, FerretDB, stripe-mock and maildev');
    const infra = await SystemInfra.start(path.join(options.workDir, 'infra'), progress);
    // Whatever fails from here on, nothing this call started may outlive it.
    let system: VantageSystem | null = null;
    try {
      system = await VantageSystem.launch(infra, options);
    } catch (error) {
      await infra.stop();
      throw error;
    }
    return system;
  }

  private static async launch(infra: SystemInfra, options: SystemOptions): Promise<VantageSystem> {
    const { progress } = options;
    const smtpProxy = new TcpProxy([{ host: '127.0.0.1', port: infra.smtpPort }]);
    await smtpProxy.listen();

    const replicas: Replica[] = [];
    for (const app of APP_NAMES)
      for (let index = 0; index < options.replicas; index++)
        replicas.push(new Replica(app, index, await freePort(), await freePort()));
    const gateways = replicas.filter((r) => r.app === 'gateway');
    const gatewayProxy = new TcpProxy(gateways.map((r) => ({ host: '127.0.0.1', port: r.port })));
    await gatewayProxy.listen();

    const appEnv: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'development',
      LOG_LEVEL: process.env['LOG_LEVEL'] ?? 'info',
      HTTP_HOST: '127.0.0.1',
      REDIS_URL: infra.redisUrl,
      MONGO_URL: infra.mongoUrl,
      STRIPE_API_URL: infra.stripeApiUrl,
      SMTP_URL: `smtp://127.0.0.1:${smtpProxy.listeningPort}`,
      STRIPE_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
      PUBLIC_URL: gatewayProxy.url,
      // No STRIPE_PRICE_*: billing sells the stand-in prices against stripe-mock, as for npm start.
      ...options.env,
    };
    delete appEnv['MONGO_DB'];
    const system = new VantageSystem(infra, replicas, gatewayProxy, smtpProxy, appEnv, options);
    progress(`starting ${replicas.length} app replicas`);
    for (const replica of replicas) system.spawn(replica);
    try {
      await Promise.all(replicas.map((replica) => system.waitReady(replica)));
    } catch (error) {
      await system.stop();
      throw error;
    }
    progress(`system ready: gateway ${gatewayProxy.url}`);
    return system;
  }

  get gatewayUrl(): string {
    return this.gatewayProxy.url;
  }

  get smtpUrl(): string {
    return `smtp://127.0.0.1:${this.smtpProxy.listeningPort}`;
  }

  replicasOf(app: AppName): Replica[] {
    return this.replicas.filter((r) => r.app === app);
  }

  replica(app: AppName, index: number): Replica {
    const found = this.replicas.find((r) => r.app === app && r.index === index);
    if (!found) throw new Error(`no replica ${app}-${index}`);
    return found;
  }

  /** SIGKILL, as an OOM kill or a lost node would; the supervisor restarts it after a pause. */
  async killReplica(app: AppName, index: number): Promise<Replica> {
    const replica = this.replica(app, index);
    await replica.process?.kill();
    return replica;
  }

  /**
   * A configuration change rolled out the way a Deployment does it: one replica at a time is
   * stopped (SIGTERM, so it drains), comes back with the new variables, and must be ready
   * before the next one goes.
   */
  async rollingRestart(app: AppName, variables: Readonly<Record<string, string>>): Promise<void> {
    this.appOverrides.set(app, { ...this.appOverrides.get(app), ...variables });
    for (const replica of this.replicasOf(app)) {
      const before = replica.restarts;
      await replica.process?.stop(10_000);
      await waitFor(async () => replica.restarts > before, {
        description: `${replica.name} to be started again`,
        timeoutMs: 10_000,
      });
      await this.waitReady(replica);
    }
  }

  async waitReady(replica: Replica, timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await waitFor(
      async () => {
        const response = await fetch(`${replica.opsUrl}/health/ready`, {
          signal: AbortSignal.timeout(2000),
        });
        await response.arrayBuffer();
        return response.status === 200;
      },
      {
        description: `${replica.name} /health/ready`,
        timeoutMs,
        intervalMs: 250,
        abortIf: () => (this.stopping ? 'the system is stopping' : null),
      },
    );
  }

  /** Every replica answers /health/ready. */
  async waitAllReady(timeoutMs = READY_TIMEOUT_MS): Promise<void> {
    await Promise.all(this.replicas.map((replica) => this.waitReady(replica, timeoutMs)));
  }

  async stopInfra(component: InfraComponent): Promise<void> {
    await this.infra.stopComponent(component);
  }

  async startInfra(component: InfraComponent): Promise<void> {
    await this.infra.startComponent(component);
  }

  /** A graceful restart: SIGTERM, then the same server on the same port and data. */
  async restartInfra(component: InfraComponent): Promise<void> {
    await this.infra.stopComponent(component);
    await this.infra.startComponent(component);
  }

  async refuseSmtp(): Promise<void> {
    await this.smtpProxy.refuse();
  }

  async acceptSmtp(): Promise<void> {
    await this.smtpProxy.listen();
  }

  processes(): ProcessInfo[] {
    const apps = this.replicas.map((replica) => ({
      name: replica.name,
      pid: replica.process?.pid ?? null,
      running: replica.process?.running ?? false,
      rssBytes: replica.process?.rssBytes() ?? null,
      restarts: replica.restarts,
    }));
    const infra = this.infra.processes().map(({ name, process }) => ({
      name,
      pid: process.pid,
      running: process.running,
      rssBytes: process.rssBytes(),
      restarts: 0,
    }));
    const self = {
      name: 'supervisor',
      pid: process.pid,
      running: true,
      rssBytes: readRssBytes(process.pid),
      restarts: 0,
    };
    return [...apps, ...infra, self];
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await this.gatewayProxy.close();
    await Promise.all(this.replicas.map((replica) => replica.process?.stop(10_000)));
    await this.smtpProxy.close();
    await this.infra.stop();
  }

  private spawn(replica: Replica): void {
    const logDir = path.join(this.options.workDir, 'logs');
    fs.mkdirSync(logDir, { recursive: true });
    const child = ManagedProcess.start({
      name: replica.name,
      command: process.execPath,
      args: [`dist/apps/${replica.app}/main.js`],
      cwd: this.root,
      env: {
        ...this.appEnv,
        REDIS_URL: this.infra.appRedisUrls[replica.app],
        ...this.appOverrides.get(replica.app),
        HTTP_PORT: String(replica.port),
        OPS_HTTP_PORT: String(replica.opsPort),
      },
      logFile: path.join(logDir, `${replica.name}.log`),
    });
    replica.process = child;
    void child.exited.then(async (reason) => {
      if (this.stopping) return;
      this.options.progress(`${replica.name} ${reason}; restarting in ${RESTART_DELAY_MS} ms`);
      await sleep(RESTART_DELAY_MS);
      if (this.stopping) return;
      replica.restarts++;
      this.spawn(replica);
    });
  }
}
