// .infra/start.json: which `npm start` owns which app processes, so a run that was killed
// outright (SIGKILL, a crash) does not leave orphaned apps holding the ports forever.
import fs from 'node:fs';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive, runsProgram } from '../infra/src/processes';
import { APP_NAMES, type AppName } from './apps';

export interface RunState {
  readonly owner: number;
  /** The run started the infra, so whoever reclaims the run inherits the duty to stop it. */
  readonly ownsInfra: boolean;
  readonly apps: ReadonlyArray<{ readonly name: AppName; readonly pid: number }>;
}

export const OWNER_PROGRAM = 'tools/run/start';
const GRACE_MS = 5000;

export function runStateFile(infraDir: string): string {
  return path.join(infraDir, 'start.json');
}

/** The run's pid alone, beside its state, for scripts and `kill $(cat .infra/start.pid)`. */
export function runPidFile(stateFile: string): string {
  return path.join(path.dirname(stateFile), 'start.pid');
}

export function writeRunState(file: string, state: RunState): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(state, null, 2)}\n`);
  fs.writeFileSync(runPidFile(file), `${state.owner}\n`);
}

export function removeRunState(file: string): void {
  fs.rmSync(file, { force: true });
  fs.rmSync(runPidFile(file), { force: true });
}

/**
 * Refuses to run beside a live `npm start` of the same checkout; stops the apps of a dead one.
 * PIDs are only signalled if their command line still names the app's entry point. Returns
 * whether the dead run had started the infra (which this run then owns).
 */
export async function reclaimEarlierRun(
  file: string,
  log: (message: string) => void,
): Promise<boolean> {
  const state = readRunState(file);
  if (state === null) return false;
  if (state.owner !== process.pid && runsProgram(state.owner, OWNER_PROGRAM))
    throw new Error(`npm start is already running in this checkout (pid ${state.owner})`);
  const orphans = state.apps.filter((app) => runsProgram(app.pid, `dist/apps/${app.name}/main.js`));
  for (const app of orphans) {
    log(`stopping ${app.name} (pid ${app.pid}) left running by an earlier npm start`);
    signalGroup(app.pid, 'SIGTERM');
  }
  const deadline = Date.now() + GRACE_MS;
  while (orphans.some((app) => isAlive(app.pid)) && Date.now() < deadline) await delay(100);
  for (const app of orphans) if (isAlive(app.pid)) signalGroup(app.pid, 'SIGKILL');
  removeRunState(file);
  return state.ownsInfra;
}

export function readRunState(file: string): RunState | null {
  try {
    const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
    if (typeof raw !== 'object' || raw === null) return null;
    const { owner, ownsInfra, apps } = raw as {
      owner?: unknown;
      ownsInfra?: unknown;
      apps?: unknown;
    };
    if (typeof owner !== 'number' || !Array.isArray(apps)) return null;
    const valid = apps.filter(
      (app): app is RunState['apps'][number] =>
        typeof app === 'object' &&
        app !== null &&
        APP_NAMES.some((name) => name === (app as { name?: unknown }).name) &&
        Number.isInteger((app as { pid?: unknown }).pid),
    );
    return { owner, ownsInfra: ownsInfra === true, apps: valid };
  } catch {
    return null;
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      process.kill(pid, signal);
    } catch {
      // Already gone.
    }
  }
}
