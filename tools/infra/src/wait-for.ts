import net from 'node:net';
import { oneLine } from './errors';

export interface WaitForOptions {
  /** What we are waiting for, used in the timeout message. */
  description: string;
  timeoutMs: number;
  intervalMs?: number;
  /** Returns a reason to stop waiting early (e.g. the server process died), or null to keep going. */
  abortIf?: () => string | null;
}

/** Polls `probe` until it resolves true; a throwing probe counts as "not yet" and its error is kept for the message. */
export async function waitFor(
  probe: () => Promise<boolean>,
  options: WaitForOptions,
): Promise<void> {
  const deadline = Date.now() + options.timeoutMs;
  const intervalMs = options.intervalMs ?? 100;
  let lastError = '';
  for (;;) {
    const abortReason = options.abortIf?.() ?? null;
    if (abortReason !== null) throw new Error(`${options.description}: ${abortReason}`);
    try {
      if (await probe()) return;
    } catch (error) {
      lastError = oneLine(error);
    }
    if (Date.now() >= deadline) {
      const suffix = lastError === '' ? '' : ` (last error: ${lastError})`;
      throw new Error(
        `${options.description}: not ready after ${Math.round(options.timeoutMs / 1000)}s${suffix}`,
      );
    }
    await sleep(intervalMs);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Cheap readiness pre-check: does anything accept TCP connections there yet? */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}
