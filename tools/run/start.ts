// `npm start`: local infra, a build of the five apps, the apps themselves (each waited on until
// /health/ready answers), then a table of URLs. Ctrl-C stops the apps, then the infra this run
// started. Logs go to .infra/logs/<app>.log, or to the terminal as well with --follow.
import fs from 'node:fs';
import path from 'node:path';
import { oneLine } from '../infra/src/errors';
import { displayPath, infraPaths } from '../infra/src/paths';
import { AppProcess, lastLines } from './app-process';
import { isBackgroundRun, launchInBackground, reportReady } from './background';
import { PER_APP_VARIABLES, planApps, type AppPlan } from './apps';
import { buildApps } from './build';
import { bringDownInfra, bringUpInfra, type InfraSession } from './infra-session';
import { LogFollower } from './log-follower';
import { parseOptions, USAGE, type StartOptions } from './options';
import { assertPortsFree } from './ports';
import { NotReadyError, waitUntilReady } from './ready';
import { reclaimEarlierRun, removeRunState, runStateFile, writeRunState } from './run-state';
import { watchAncestors } from './parent-watch';
import { Shutdown } from './shutdown';
import { formatTable } from './table';

const LOG_TAIL_LINES = 20;
const paths = infraPaths();
const runFile = runStateFile(paths.infraDir);

function log(message: string): void {
  console.error(`start: ${message}`);
}

/** Everything started so far, so that any way out stops exactly that. */
interface Started {
  /** .infra/start.json is ours to update and remove. */
  runState: boolean;
  infra: InfraSession | null;
  apps: AppProcess[];
  follower: LogFollower | null;
}

async function main(options: StartOptions, shutdown: Shutdown, started: Started): Promise<number> {
  const inherited = await reclaimEarlierRun(runFile, log);
  started.runState = true;
  for (const name of PER_APP_VARIABLES) {
    if (process.env[name]) log(`${name} is set but ignored: every app gets its own (see --help)`);
  }
  // Ports first: cheaper to find a clash now than after minutes of infra and build.
  await assertPortsFree(planApps(process.env, { redisUrl: '', mongoUrl: '' }));

  started.infra = await bringUpInfra(process.env, inherited, log);
  saveRunState(started);
  shutdown.signal.throwIfAborted();
  log('building gateway traffic-monitor telemetry billing reporting');
  await buildApps(paths.root, { abort: shutdown.signal });

  const plans = planApps(process.env, started.infra);
  fs.mkdirSync(paths.logsDir, { recursive: true });
  for (const plan of plans) started.apps.push(AppProcess.start(plan, paths.root, logFile(plan)));
  saveRunState(started);
  if (options.follow) {
    started.follower = new LogFollower(
      started.apps.map((app) => ({ name: app.plan.name, file: app.logFile })),
    );
    started.follower.start();
  }

  await waitForAll(started.apps, options.readyTimeoutMs, shutdown.signal);
  printTable(started.apps, options.follow, started.infra.serviceEnv ?? {});

  const outcome = await Promise.race([
    shutdown.requested,
    ...started.apps.map((app) => app.exited.then(() => app)),
  ]);
  if (outcome instanceof AppProcess) {
    reportFailure(outcome, `${outcome.plan.name} ${outcome.exitReason ?? 'exited'}`);
    return 1;
  }
  return 0;
}

/** All at once; the first failure stops the other waits. */
async function waitForAll(
  apps: readonly AppProcess[],
  timeoutMs: number,
  abort: AbortSignal,
): Promise<void> {
  log(`waiting for /health/ready (up to ${timeoutMs / 1000}s each)`);
  const failed = new AbortController();
  const signal = AbortSignal.any([abort, failed.signal]);
  await Promise.all(
    apps.map((app) =>
      waitUntilReady(app, timeoutMs, signal).catch((error: unknown) => {
        failed.abort(error);
        throw error;
      }),
    ),
  );
}

function printTable(
  apps: readonly AppProcess[],
  follow: boolean,
  infraEnv: Readonly<Record<string, string>>,
): void {
  const summary = [tableOf(apps, follow), ...infraLines(infraEnv)].join('\n');
  console.log(summary);
  if (isBackgroundRun()) reportReady(summary);
}

/** Where a new user reads the mail the apps send (sign-up confirmation first of all). */
function infraLines(infraEnv: Readonly<Record<string, string>>): string[] {
  const mail = infraEnv['MAILDEV_API_URL'];
  const stripe = infraEnv['STRIPE_API_URL'];
  return [
    ...(mail ? [`mail the apps send (maildev): ${mail}`] : []),
    ...(stripe ? [`Stripe API (stripe-mock): ${stripe}`] : []),
    '',
  ];
}

function tableOf(apps: readonly AppProcess[], follow: boolean): string {
  const rows = apps.map((app) => [
    app.plan.name,
    app.plan.baseUrl,
    `${app.plan.opsBaseUrl}/health/ready`,
    `${app.plan.opsBaseUrl}/metrics`,
    displayPath(paths, app.logFile),
  ]);
  const where = follow
    ? 'logs follow below'
    : `logs: ${displayPath(paths, paths.logsDir)}/<app>.log (npm start -- --follow streams them here)`;
  const stop = isBackgroundRun() ? 'npm stop stops everything' : 'Ctrl-C stops everything';
  return [
    '',
    formatTable(['app', 'url', 'health', 'metrics', 'log'], rows),
    '',
    `all ${apps.length} apps ready; ${where}; ${stop}`,
  ].join('\n');
}

function reportFailure(app: AppProcess, message: string): void {
  log(message);
  const lines = lastLines(app.logFile, LOG_TAIL_LINES);
  const file = displayPath(paths, app.logFile);
  if (lines.length === 0) return log(`${file} is empty`);
  log(`last ${lines.length} lines of ${file}:`);
  for (const line of lines) console.error(`  ${line}`);
}

function saveRunState(started: Started): void {
  writeRunState(runFile, {
    owner: process.pid,
    ownsInfra: started.infra?.owned ?? false,
    apps: started.apps.map((app) => ({ name: app.plan.name, pid: app.pid })),
  });
}

function logFile(plan: AppPlan): string {
  return path.join(paths.logsDir, `${plan.name}.log`);
}

async function stopEverything(started: Started): Promise<void> {
  const running = started.apps.filter((app) => app.running);
  if (running.length > 0) log(`stopping ${running.map((app) => app.plan.name).join(', ')}`);
  await Promise.all(running.map((app) => app.stop()));
  started.follower?.stop();
  if (started.runState) removeRunState(runFile);
  if (started.infra !== null) await bringDownInfra(started.infra, log);
}

async function run(): Promise<number> {
  let options: StartOptions;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (error) {
    log(error instanceof Error ? error.message : String(error));
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.detach && !isBackgroundRun()) {
    const args = process.argv.slice(2).filter((arg) => arg !== '--detach' && arg !== '-d');
    fs.mkdirSync(paths.logsDir, { recursive: true });
    return launchInBackground(args, {
      cwd: paths.root,
      logFile: path.join(paths.logsDir, 'start.log'),
      log,
    });
  }
  const started: Started = { runState: false, infra: null, apps: [], follower: null };
  const shutdown = new Shutdown(() => {
    for (const app of started.apps) if (app.running) app.kill();
    if (started.infra?.owned) log('infra left running: npm run infra:down stops it');
  });
  shutdown.install();
  // In the background the launcher leaves on purpose; only `npm stop` (SIGTERM) ends the run.
  const unwatch = isBackgroundRun()
    ? () => undefined
    : watchAncestors((pid) => shutdown.request(`parent process ${pid} went away`));
  // Once whoever reads our output is gone, writes fail with EPIPE; cleanup must go on regardless.
  process.stdout.on('error', () => undefined);
  process.stderr.on('error', () => undefined);
  let code: number;
  try {
    code = await main(options, shutdown, started);
  } catch (error) {
    if (shutdown.signal.aborted) code = 0;
    else if (error instanceof NotReadyError) {
      reportFailure(error.app, error.message);
      code = 1;
    } else {
      log(oneLine(error));
      code = 1;
    }
  }
  unwatch();
  await stopEverything(started);
  log(code === 0 ? 'stopped' : 'stopped after a failure');
  return code;
}

run().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`failed while stopping: ${oneLine(error)}`);
    process.exit(1);
  },
);
