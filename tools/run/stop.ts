// `npm stop`: stops this checkout's `npm start`, in the background or not. A SIGTERM to the run,
// which then stops its apps and the infra it started, as Ctrl-C would; if the run is already
// gone, its leftovers (apps, and infra it owned) are stopped here.
import { setTimeout as delay } from 'node:timers/promises';
import { oneLine } from '../infra/src/errors';
import { infraPaths } from '../infra/src/paths';
import { isAlive, runsProgram } from '../infra/src/processes';
import { bringDownInfra } from './infra-session';
import { OWNER_PROGRAM, readRunState, reclaimEarlierRun, runStateFile } from './run-state';

/** Stopping five apps and the infra takes seconds; this only bounds a wedged run. */
const STOP_TIMEOUT_MS = 120_000;

function log(message: string): void {
  console.error(`stop: ${message}`);
}

async function main(): Promise<number> {
  const file = runStateFile(infraPaths().infraDir);
  const state = readRunState(file);
  if (state === null) {
    log('no npm start is running in this checkout');
    return 0;
  }
  if (!runsProgram(state.owner, OWNER_PROGRAM)) {
    log(`npm start (pid ${state.owner}) is gone; stopping what it left running`);
    const ownedInfra = await reclaimEarlierRun(file, log);
    if (ownedInfra) await bringDownInfra({ redisUrl: '', mongoUrl: '', owned: true }, log);
    return 0;
  }
  log(`stopping npm start (pid ${state.owner})`);
  process.kill(state.owner, 'SIGTERM');
  const deadline = Date.now() + STOP_TIMEOUT_MS;
  while (isAlive(state.owner)) {
    if (Date.now() > deadline) {
      log(`pid ${state.owner} is still running after ${STOP_TIMEOUT_MS / 1000}s`);
      return 1;
    }
    await delay(200);
  }
  log('stopped');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(oneLine(error));
    process.exit(1);
  },
);
