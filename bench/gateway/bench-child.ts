// A server process the benchmark starts (bare Fastify, the gateway, telemetry): output to a log
// file, readiness by HTTP polling, and never outliving the benchmark.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import { setTimeout as delay } from 'node:timers/promises';
import { watchAncestors } from '../../tools/run/parent-watch';

const POLL_MS = 200;
const PROBE_TIMEOUT_MS = 2000;
const STOP_GRACE_MS = 10_000;
const LOG_TAIL_LINES = 20;

export interface BenchChildSpec {
  /** For messages: `gateway`, `telemetry`, `bare-fastify`. */
  readonly name: string;
  /** Arguments of `node` (this Node binary), script included. */
  readonly args: readonly string[];
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly logFile: string;
}

/** Every child still running, so an exit or a signal of the benchmark can take them along. */
const running = new Set<BenchChild>();
const FORWARDED_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export class BenchChild {
  readonly exited: Promise<string>;
  private reason: string | null = null;

  private constructor(
    readonly spec: BenchChildSpec,
    private readonly child: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.reason ??= `could not start: ${error.message}`;
        this.forget();
        resolve(this.reason);
      });
      child.once('exit', (code, signal) => {
        this.reason = signal === null ? `exited with code ${String(code)}` : `killed by ${signal}`;
        this.forget();
        resolve(this.reason);
      });
    });
  }

  /**
   * Same process group as the benchmark (not detached), so a Ctrl-C in the terminal reaches the
   * children too; a SIGTERM to the benchmark alone is forwarded by the handlers below.
   */
  static start(spec: BenchChildSpec): BenchChild {
    const fd = fs.openSync(spec.logFile, 'w');
    try {
      const child = spawn(process.execPath, [...spec.args], {
        cwd: spec.cwd,
        env: spec.env,
        stdio: ['ignore', fd, fd],
      });
      const handle = new BenchChild(spec, child);
      if (running.size === 0) installExitHandlers();
      running.add(handle);
      return handle;
    } finally {
      fs.closeSync(fd);
    }
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get isRunning(): boolean {
    return this.reason === null;
  }

  /** How the process ended (code or signal), or null while it runs. */
  get exitReason(): string | null {
    return this.reason;
  }

  /**
   * Polls `url` until `accept(status, body)` holds; fails with the log's last lines when the
   * child exits first or the deadline passes, so a broken start says why.
   */
  async waitFor(
    url: string,
    timeoutMs: number,
    accept: (status: number, body: string) => boolean = (status) => status === 200,
    init: RequestInit = {},
  ): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    let last = 'no answer yet';
    for (;;) {
      if (!this.isRunning) throw this.failure(`exited before ready (${this.exitReason})`);
      try {
        const response = await fetch(url, {
          ...init,
          signal: AbortSignal.timeout(PROBE_TIMEOUT_MS),
        });
        const body = await response.text();
        if (accept(response.status, body)) return;
        last = `answered ${response.status}: ${body.slice(0, 200)}`;
      } catch (error) {
        last = describeFetchError(error);
      }
      if (Date.now() >= deadline)
        throw this.failure(`${url} not ready within ${timeoutMs / 1000} s (${last})`);
      await delay(POLL_MS);
    }
  }

  /** SIGTERM (Nest drains and closes), SIGKILL when that takes longer than `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.isRunning) return;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const tooSlow = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (tooSlow) {
      this.signal('SIGKILL');
      await this.exited;
    }
  }

  /** Synchronous, for exit handlers. */
  kill(): void {
    this.signal('SIGKILL');
  }

  logTail(): string[] {
    try {
      return fs
        .readFileSync(this.spec.logFile, 'utf8')
        .split('\n')
        .filter((line) => line.trim() !== '')
        .slice(-LOG_TAIL_LINES);
    } catch {
      return [];
    }
  }

  private failure(reason: string): Error {
    const tail = this.logTail();
    const log =
      tail.length > 0 ? `\n  last lines of ${this.spec.logFile}:\n    ${tail.join('\n    ')}` : '';
    return new Error(`${this.spec.name} ${reason}${log}`);
  }

  private signal(name: NodeJS.Signals): void {
    if (!this.isRunning) return;
    try {
      this.child.kill(name);
    } catch {
      // Already gone between the check and the signal: nothing to stop.
    }
  }

  private forget(): void {
    running.delete(this);
    if (running.size === 0) removeExitHandlers();
  }
}

function describeFetchError(error: unknown): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function killAll(): void {
  for (const child of running) child.kill();
}

/**
 * A signal that would end the benchmark ends its children first, then ends the benchmark as the
 * signal would have (re-raised once our handler is gone).
 */
function onSignal(signal: NodeJS.Signals): void {
  killAll();
  removeExitHandlers();
  process.kill(process.pid, signal);
}

let stopWatchingAncestors: (() => void) | undefined;

function installExitHandlers(): void {
  process.on('exit', killAll);
  for (const signal of FORWARDED_SIGNALS) process.on(signal, onSignal);
  // `kill <npm pid>` without a terminal reaches neither us nor the children (tools/run does the
  // same): when whoever launched us is gone, nobody reads the numbers, so the servers go.
  stopWatchingAncestors = watchAncestors(killAll);
}

function removeExitHandlers(): void {
  process.off('exit', killAll);
  for (const signal of FORWARDED_SIGNALS) process.off(signal, onSignal);
  stopWatchingAncestors?.();
  stopWatchingAncestors = undefined;
}
