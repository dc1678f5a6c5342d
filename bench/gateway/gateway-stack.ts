// The real gateway and the real telemetry service, each in its own process from its build, on
// this run's own database names and key prefix, so the run never meets another's data.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { BenchChild } from './bench-child';

const START_TIMEOUT_MS = 60_000;

/**
 * High enough that a 10 s run at any rate this machine reaches stays far below it: the limiter
 * counts every request in Redis as in production but never refuses one. (The config allows up
 * to 10,000,000.)
 */
export const BENCH_ORG_LIMIT_PER_MINUTE = 10_000_000;

export interface StackOptions {
  readonly root: string;
  readonly logDir: string;
  readonly redisUrl: string;
  readonly mongoUrl: string;
  readonly gatewayPort: number;
  readonly telemetryPort: number;
  /** OPS_HTTP_PORT of each: probes and /metrics answer there only. */
  readonly gatewayOpsPort: number;
  readonly telemetryOpsPort: number;
  /** Where the gateway's inspector listens once SIGUSR1 opens it (profiling only). */
  readonly gatewayInspectPort: number;
}

export interface GatewayStack {
  readonly gateway: BenchChild;
  readonly telemetry: BenchChild;
  readonly gatewayUrl: string;
  /** The gateway's ops port: /health/live, /health/ready, /metrics. */
  readonly gatewayOpsUrl: string;
  readonly gatewayInspectPort: number;
  /** Redis key prefix and MongoDB databases of this run, for the cleanup. */
  readonly prefix: string;
  readonly databases: readonly string[];
  stop(): Promise<void>;
}

export async function startGatewayStack(options: StackOptions): Promise<GatewayStack> {
  const id = randomBytes(4).toString('hex');
  const prefix = `bench-gateway-${id}`;
  const gatewayDb = `bench_gateway_${id}`;
  const telemetryDb = `bench_telemetry_${id}`;
  const common = {
    ...inheritedEnv(),
    // Production mode: what the benchmark should describe (and it refuses the public JWT key).
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    HTTP_HOST: '127.0.0.1',
    REDIS_URL: options.redisUrl,
    MONGO_URL: options.mongoUrl,
    TRANSPORT_PREFIX: prefix,
  };

  const telemetry = BenchChild.start({
    name: 'telemetry',
    args: ['dist/apps/telemetry/main.js'],
    cwd: options.root,
    logFile: path.join(options.logDir, 'telemetry.log'),
    env: {
      ...common,
      HTTP_PORT: String(options.telemetryPort),
      OPS_HTTP_PORT: String(options.telemetryOpsPort),
      MONGO_DB: telemetryDb,
    },
  });
  const gateway = BenchChild.start({
    name: 'gateway',
    args: ['dist/apps/gateway/main.js'],
    cwd: options.root,
    logFile: path.join(options.logDir, 'gateway.log'),
    env: {
      ...common,
      HTTP_PORT: String(options.gatewayPort),
      OPS_HTTP_PORT: String(options.gatewayOpsPort),
      MONGO_DB: gatewayDb,
      JWT_SECRET: randomBytes(32).toString('hex'),
      // Production refuses the published development secrets.
      STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
      PREVIEW_LINK_SECRET: randomBytes(32).toString('hex'),
      RATE_LIMIT_FREE_PER_MINUTE: String(BENCH_ORG_LIMIT_PER_MINUTE),
      // Sets the port only: the inspector stays closed (and costs nothing) until SIGUSR1.
      NODE_OPTIONS: `--inspect-port=127.0.0.1:${options.gatewayInspectPort}`,
    },
  });
  const stop = async (): Promise<void> => {
    await Promise.all([gateway.stop(), telemetry.stop()]);
  };
  const gatewayUrl = `http://127.0.0.1:${options.gatewayPort}`;
  const gatewayOpsUrl = `http://127.0.0.1:${options.gatewayOpsPort}`;
  try {
    await Promise.all([
      telemetry.waitFor(
        `http://127.0.0.1:${options.telemetryOpsPort}/health/live`,
        START_TIMEOUT_MS,
      ),
      gateway.waitFor(`${gatewayOpsUrl}/health/live`, START_TIMEOUT_MS),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    gateway,
    telemetry,
    gatewayUrl,
    gatewayOpsUrl,
    gatewayInspectPort: options.gatewayInspectPort,
    prefix,
    databases: [gatewayDb, telemetryDb],
    stop,
  };
}

/**
 * The caller's environment minus what would change the apps' behaviour behind our back: a
 * NODE_OPTIONS (e.g. a loader) and any variable the apps read, which we set ourselves.
 */
function inheritedEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (name === 'NODE_OPTIONS' || APP_VARIABLE.test(name)) continue;
    env[name] = value;
  }
  return env;
}

const APP_VARIABLE =
  /^(HTTP_|REDIS_|MONGO_|TRANSPORT_|JWT_|STRIPE_|PREVIEW_LINK_|RATE_LIMIT_|ROUTE_TIMEOUT|BREAKER_|WS_|CORS_|TRUSTED_PROXIES|BODY_LIMIT|PUBLIC_URL|INVITE_TTL|LOG_LEVEL|NODE_ENV)/;
