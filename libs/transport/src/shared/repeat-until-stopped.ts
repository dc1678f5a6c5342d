import { sleep } from './redis-connection';

/**
 * Runs one read after another until stopped. A failed read (Redis away, a lost group) is handed
 * to `onFailure` and retried after a pause that doubles up to 2 s, so an outage costs neither a
 * busy loop nor a long wait once Redis is back.
 */
export async function repeatUntilStopped(
  isStopped: () => boolean,
  readOnce: () => Promise<void>,
  onFailure: (error: unknown) => Promise<void> | void,
): Promise<void> {
  let failures = 0;
  while (!isStopped()) {
    try {
      await readOnce();
      failures = 0;
    } catch (error) {
      if (isStopped()) break;
      failures += 1;
      await onFailure(error);
      await sleep(Math.min(2000, 50 * 2 ** Math.min(failures, 6)));
    }
  }
}

/**
 * Wraps a periodic task so a tick that comes while the previous run is still going (Redis slow
 * or away, handler slots full) is skipped instead of piling up behind it.
 */
export function skipWhileRunning(task: () => Promise<void>): () => void {
  let running = false;
  return () => {
    if (running) return;
    running = true;
    void task().finally(() => {
      running = false;
    });
  };
}
