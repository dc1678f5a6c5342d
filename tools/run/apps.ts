// The five apps `npm start` runs, their default ports, and the environment each one gets.

import { SERVICE_NAMES, ServiceName } from '@vantage/contracts';

export const APP_NAMES = SERVICE_NAMES;
export type AppName = ServiceName;

const DEFAULT_PORTS: Readonly<Record<AppName, number>> = {
  gateway: 3000,
  'traffic-monitor': 3001,
  telemetry: 3002,
  billing: 3003,
  reporting: 3004,
};

/**
 * Each app's ops port (probes, /metrics) is its HTTP port plus this, as the apps' own default
 * OPS_HTTP_PORT (9000 to 9004): a moved HTTP port moves its ops port along.
 */
export const OPS_PORT_OFFSET = 6000;

/** Local runs bind loopback unless the developer asks otherwise (the apps' own default is 0.0.0.0). */
export const LOCAL_HTTP_HOST = '127.0.0.1';

export interface AppPlan {
  readonly name: AppName;
  readonly port: number;
  readonly host: string;
  /** Where the printed URLs point: a wildcard bind is reached on loopback. */
  readonly baseUrl: string;
  /** OPS_HTTP_PORT: /health/ready and /metrics answer there only. */
  readonly opsPort: number;
  readonly opsBaseUrl: string;
  readonly env: NodeJS.ProcessEnv;
}

/** HTTP_PORT is one variable per process, so per-app overrides are GATEWAY_HTTP_PORT and the like. */
export function portVariable(app: AppName): string {
  return `${app.toUpperCase().replace(/-/g, '_')}_HTTP_PORT`;
}

export function planApps(
  env: NodeJS.ProcessEnv,
  urls: {
    readonly redisUrl: string;
    readonly mongoUrl: string;
    /** Further infra URLs (STRIPE_API_URL, SMTP_URL, ...) that every app gets. */
    readonly serviceEnv?: Readonly<Record<string, string>>;
    /** Each app's own REDIS_URL (its own Redis user), in place of `redisUrl`. */
    readonly appRedisUrls?: Readonly<Partial<Record<ServiceName, string>>>;
  },
): AppPlan[] {
  const host = nonEmpty(env['HTTP_HOST']) ?? LOCAL_HTTP_HOST;
  const plans = APP_NAMES.map((name): AppPlan => {
    const port = parsePort(portVariable(name), env[portVariable(name)]) ?? DEFAULT_PORTS[name];
    const opsPort = port + OPS_PORT_OFFSET;
    if (opsPort > 65535)
      throw new Error(
        `${portVariable(name)} must be at most ${65535 - OPS_PORT_OFFSET} (its ops port is ${OPS_PORT_OFFSET} above)`,
      );
    return {
      name,
      port,
      host,
      baseUrl: `http://${probeHost(host)}:${port}`,
      opsPort,
      opsBaseUrl: `http://${probeHost(host)}:${opsPort}`,
      env: {
        ...withoutShared(env),
        ...urls.serviceEnv,
        HTTP_HOST: host,
        HTTP_PORT: String(port),
        OPS_HTTP_PORT: String(opsPort),
        REDIS_URL: urls.appRedisUrls?.[name] ?? urls.redisUrl,
        MONGO_URL: urls.mongoUrl,
      },
    };
  });
  const taken = new Map<number, AppName>();
  for (const plan of plans) {
    for (const port of [plan.port, plan.opsPort]) {
      const other = taken.get(port);
      if (other !== undefined)
        throw new Error(`${other} and ${plan.name} would both listen on port ${port}`);
      taken.set(port, plan.name);
    }
  }
  return plans;
}

/**
 * Variables that must differ per app are not passed through: one HTTP_PORT for five apps cannot
 * work, and one MONGO_DB would make them share a database (each app owns its own).
 */
export const PER_APP_VARIABLES = ['HTTP_PORT', 'OPS_HTTP_PORT', 'MONGO_DB'] as const;

function withoutShared(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of PER_APP_VARIABLES) delete copy[name];
  return copy;
}

export function probeHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '[::1]';
  return host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
}

function parsePort(variable: string, value: string | undefined): number | null {
  const text = nonEmpty(value);
  if (text === null) return null;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535)
    throw new Error(`${variable} must be a port number between 1 and 65535 (got "${text}")`);
  return port;
}

function nonEmpty(value: string | undefined): string | null {
  return value === undefined || value.trim() === '' ? null : value.trim();
}
