// One running app: `node dist/apps/<app>/main.js` in its own process group, output to its log file.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { AppPlan } from './apps';

export const STOP_GRACE_MS = 10_000;

export class AppProcess {
  readonly pid: number;
  /** Why the process ended (code or signal), once it has. */
  exitReason: string | null = null;
  readonly exited: Promise<string>;
  private readonly child: ChildProcess;

  private constructor(
    readonly plan: AppPlan,
    readonly logFile: string,
    child: ChildProcess,
  ) {
    this.child = child;
    if (child.pid === undefined) throw new Error(`could not start ${plan.name}`);
    this.pid = child.pid;
    this.exited = new Promise((resolve) => {
      child.once('error', (error) => {
        this.exitReason ??= `could not start: ${error.message}`;
        resolve(this.exitReason);
      });
      child.once('exit', (code, signal) => {
        this.exitReason =
          signal === null ? `exited with code ${String(code)}` : `killed by ${signal}`;
        resolve(this.exitReason);
      });
    });
  }

  /**
   * Detached: a Ctrl-C in the terminal reaches only `npm start`, which then stops the apps in
   * order. The log file descriptor is handed to the child, so logging never depends on us.
   */
  static start(plan: AppPlan, root: string, logFile: string): AppProcess {
    const fd = fs.openSync(logFile, 'w');
    try {
      const child = spawn(process.execPath, [`dist/apps/${plan.name}/main.js`], {
        cwd: root,
        env: plan.env,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
      return new AppProcess(plan, logFile, child);
    } finally {
      fs.closeSync(fd);
    }
  }

  get running(): boolean {
    return this.exitReason === null;
  }

  /** SIGTERM (Nest closes HTTP and drains the transport), SIGKILL after `graceMs`. */
  async stop(graceMs = STOP_GRACE_MS): Promise<void> {
    if (!this.running) return;
    this.signal('SIGTERM');
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<boolean>((resolve) => {
      timer = setTimeout(() => resolve(true), graceMs);
    });
    const killed = await Promise.race([this.exited.then(() => false), timedOut]);
    clearTimeout(timer);
    if (killed) {
      console.error(`start: ${this.plan.name} did not stop within ${graceMs / 1000}s; killing it`);
      this.kill();
      await this.exited;
    }
  }

  /** Immediate, synchronous: used by the forced stop. */
  kill(): void {
    this.signal('SIGKILL');
  }

  private signal(name: NodeJS.Signals): void {
    try {
      // The whole group, so anything the app spawned goes too.
      process.kill(-this.pid, name);
    } catch {
      this.child.kill(name);
    }
  }
}

/** The last `count` lines of a log file, for the message that says why an app did not come up. */
export function lastLines(file: string, count: number): string[] {
  let text: string;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      const size = fs.fstatSync(fd).size;
      const length = Math.min(size, 64 * 1024);
      const buffer = Buffer.alloc(length);
      fs.readSync(fd, buffer, 0, length, size - length);
      text = buffer.toString('utf8');
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .slice(-count);
}
