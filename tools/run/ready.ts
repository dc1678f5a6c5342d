// Polls an app's /health/ready until it answers 200, the app exits, the deadline passes or the run is aborted.
import { setTimeout as delay } from 'node:timers/promises';
import type { AppProcess } from './app-process';

const POLL_INTERVAL_MS = 250;
const PROBE_TIMEOUT_MS = 2000;

export class NotReadyError extends Error {
  override readonly name = 'NotReadyError';
  constructor(
    readonly app: AppProcess,
    reason: string,
  ) {
    super(`${app.plan.name} is not ready: ${reason}`);
  }
}

export async function waitUntilReady(
  app: AppProcess,
  timeoutMs: number,
  abort: AbortSignal,
): Promise<void> {
  const url = `${app.plan.opsBaseUrl}/health/ready`;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer yet';
  for (;;) {
    abort.throwIfAborted();
    if (!app.running) throw new NotReadyError(app, app.exitReason ?? 'exited');
    const answer = await probe(url, abort);
    if (answer === 200) return;
    last = typeof answer === 'number' ? `last answer ${answer}` : answer;
    if (Date.now() >= deadline)
      throw new NotReadyError(app, `${url} not 200 after ${timeoutMs / 1000}s (${last})`);
    await delay(POLL_INTERVAL_MS, undefined, { signal: abort });
  }
}

/** The status code, or why there was none. */
async function probe(url: string, abort: AbortSignal): Promise<number | string> {
  try {
    const response = await fetch(url, {
      signal: AbortSignal.any([abort, AbortSignal.timeout(PROBE_TIMEOUT_MS)]),
    });
    await response.arrayBuffer();
    return response.status;
  } catch (error) {
    abort.throwIfAborted();
    const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
    return cause instanceof Error ? cause.message : String(cause);
  }
}
