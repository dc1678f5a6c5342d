// One of our apps from its build (dist/apps/<app>/main.js, as production runs it) as a child of
// a benchmark, on the run's own database and key prefix, so the run never meets another's data.
import { freePort } from '../../tools/infra/src/free-port';
import { BenchChild } from '../gateway/bench-child';

const START_TIMEOUT_MS = 60_000;

export interface AppChildOptions {
  readonly app: string;
  /** The repository root, where dist/ is. */
  readonly root: string;
  readonly logFile: string;
  readonly redisUrl: string;
  readonly mongoUrl: string;
  readonly database: string;
  readonly prefix: string;
  /** Node flags before the script, e.g. `--cpu-prof`. */
  readonly nodeArgs?: readonly string[];
  /** Settings on top of (or instead of) the production defaults. */
  readonly env?: Readonly<Record<string, string>>;
}

export interface AppChild {
  readonly child: BenchChild;
  /** Where its probes and /metrics answer. */
  readonly opsUrl: string;
}

/** Starts the app in production mode on free loopback ports; resolves once it is ready. */
export async function startAppChild(options: AppChildOptions): Promise<AppChild> {
  const port = await freePort();
  const opsPort = await freePort();
  const child = BenchChild.start({
    name: options.app,
    args: [...(options.nodeArgs ?? []), `dist/apps/${options.app}/main.js`],
    cwd: options.root,
    logFile: options.logFile,
    env: {
      PATH: process.env['PATH'],
      // Production mode and defaults: what the number describes.
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      HTTP_HOST: '127.0.0.1',
      HTTP_PORT: String(port),
      OPS_HTTP_PORT: String(opsPort),
      REDIS_URL: options.redisUrl,
      MONGO_URL: options.mongoUrl,
      MONGO_DB: options.database,
      TRANSPORT_PREFIX: options.prefix,
      ...options.env,
    },
  });
  const opsUrl = `http://127.0.0.1:${opsPort}`;
  try {
    await child.waitFor(`${opsUrl}/health/ready`, START_TIMEOUT_MS);
  } catch (error) {
    await child.stop();
    throw error;
  }
  return { child, opsUrl };
}
