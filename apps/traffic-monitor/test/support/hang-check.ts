import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { StallExploitName } from './stall-exploits';

/** How long an exploit may run before it counts as hung; generous for a noisy shared machine. */
export const HANG_LIMIT_MS = 2_000;

type WorkerMessage =
  { readonly loaded: true } | { readonly value: unknown } | { readonly error: string };

export type HangCheck =
  { readonly returned: true; readonly value: unknown } | { readonly returned: false };

// Plain CommonJS run by the worker: tsx compiles the TypeScript exploits (the worker does not
// go through jest's transform). The worker says when it is loaded, so compiling and loading
// never count against the limit, then runs the named exploit and posts its answer.
const WORKER_SOURCE = `
require('tsx/cjs');
const { parentPort, workerData } = require('node:worker_threads');
const { STALL_EXPLOITS } = require(workerData.file);
parentPort.postMessage({ loaded: true });
Promise.resolve()
  .then(() => STALL_EXPLOITS[workerData.name]())
  .then((value) => parentPort.postMessage({ value: value === undefined ? null : value }))
  .catch((error) => parentPort.postMessage({ error: String(error && error.stack || error) }));
`;

/**
 * Runs one exploit in a worker thread and answers whether it returned within HANG_LIMIT_MS.
 * A hang check, not a timing: a worker still busy after the limit is terminated, so a
 * regression fails the test instead of freezing the whole run.
 */
export function runInWorker(name: StallExploitName): Promise<HangCheck> {
  const worker = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: { file: join(__dirname, 'stall-exploits.ts'), name },
    // The `@vantage/*` aliases, whatever directory jest was started from.
    env: { ...process.env, TSX_TSCONFIG_PATH: join(__dirname, '../../../../tsconfig.base.json') },
  });
  return new Promise<HangCheck>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    worker.on('message', (message: WorkerMessage) => {
      if ('loaded' in message) {
        timer = setTimeout(() => {
          void worker.terminate();
          resolve({ returned: false });
        }, HANG_LIMIT_MS);
        return;
      }
      clearTimeout(timer);
      void worker.terminate();
      if ('error' in message) reject(new Error(message.error));
      else resolve({ returned: true, value: message.value });
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
