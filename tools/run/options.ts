// Command-line flags of `npm start -- [flags]`.

export interface StartOptions {
  /** Stream every app's log lines to the terminal, prefixed by the app name. */
  readonly follow: boolean;
  /** Start in the background: return once every app is ready; `npm stop` stops the run. */
  readonly detach: boolean;
  /** How long each app may take to answer /health/ready. */
  readonly readyTimeoutMs: number;
  readonly help: boolean;
}

export const USAGE = `usage: npm start [-- [--follow | --detach] [--ready-timeout <seconds>]]
       npm run start:bg    (the same as npm start -- --detach)
       npm stop            (stops a run started either way)

Starts local Redis and MongoDB (or uses REDIS_URL / MONGO_URL), builds the five apps, starts
them and waits until each answers /health/ready. Ctrl-C stops the apps, then the infra this run
started (infra from an earlier \`npm run infra:up\` is left running). A second Ctrl-C forces.
In the foreground, the run also stops when the process that started it goes away.

  --follow               stream the apps' JSON logs here, prefixed by app name
                         (otherwise they go to .infra/logs/<app>.log only)
  --detach, -d           run in the background, in its own session: return once every app is
                         ready, leaving the run's pid in .infra/start.pid and its own log in
                         .infra/logs/start.log; it outlives the shell that started it
  --ready-timeout <s>    seconds each app may take to become ready (default 60)
  -h, --help             show this help

Ports: GATEWAY_HTTP_PORT, TRAFFIC_MONITOR_HTTP_PORT, TELEMETRY_HTTP_PORT, BILLING_HTTP_PORT,
REPORTING_HTTP_PORT (defaults 3000-3004); each app's probes and /metrics answer on its port
+ 6000 only (9000-9004). HTTP_HOST defaults to 127.0.0.1.`;

const DEFAULT_READY_TIMEOUT_S = 60;

export function parseOptions(argv: readonly string[]): StartOptions {
  let follow = false;
  let detach = false;
  let help = false;
  let readyTimeoutS = DEFAULT_READY_TIMEOUT_S;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [flag, inlineValue] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    switch (flag) {
      case '--follow':
      case '-f':
        follow = true;
        break;
      case '--detach':
      case '-d':
        detach = true;
        break;
      case '--help':
      case '-h':
        help = true;
        break;
      case '--ready-timeout': {
        const value = inlineValue ?? argv[++i];
        readyTimeoutS = Number(value);
        if (value === undefined || !/^\d+$/.test(value) || readyTimeoutS < 1)
          throw new Error(`--ready-timeout needs a whole number of seconds (got "${value ?? ''}")`);
        break;
      }
      default:
        throw new Error(`unknown argument "${arg}"\n${USAGE}`);
    }
  }
  if (follow && detach) throw new Error('--follow and --detach do not go together');
  return { follow, detach, help, readyTimeoutMs: readyTimeoutS * 1000 };
}
