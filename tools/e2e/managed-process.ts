// One child process the e2e supervisor owns: its own process group (so a kill takes whatever it
// spawned too), output appended to a log file, and a record of how it ended. Unlike tools/infra's
// detached servers these never outlive the supervisor: killAllOnExit() is installed once.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import type { RunAs } from '../infra/src/processes';

export interface ProcessSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  readonly logFile: string;
  /** Another account to run it as (postgres refuses root). */
  readonly runAs?: RunAs;
  /** What stop() sends first; SIGTERM unless given (postgres: SIGINT, its fast shutdown). */
  readonly stopSignal?: NodeJS.Signals;
}

const live = new Set<ManagedProcess>();

export class ManagedProcess {
  exitReason: string | null = null;
  readonly exited: Promise<string>;
  readonly pid: number;
  private readonly child: ChildProcess;

  private constructor(readonly spec: ProcessSpec) {
    const fd = fs.openSync(spec.logFile, 'a');
    try {
      this.child = spawn(spec.command, [...spec.args], {
        cwd: spec.cwd,
        env: spec.env,
        ...spec.runAs,
        detached: true,
        stdio: ['ignore', fd, fd],
      });
    } finally {
      fs.closeSync(fd);
    }
    if (this.child.pid === undefined) throw new Error(`could not start ${spec.name}`);
    this.pid = this.child.pid;
    live.add(this);
    this.exited = new Promise((resolve) => {
      this.child.once('error', (error) => {
        this.exitReason ??= `could not start: ${error.message}`;
        live.delete(this);
        resolve(this.exitReason);
      });
      this.child.once('exit', (code, signal) => {
        this.exitReason =
          signal === null ? `exited with code ${String(code)}` : `killed by ${signal}`;
        live.delete(this);
        resolve(this.exitReason);
      });
    });
  }

  static start(spec: ProcessSpec): ManagedProcess {
    return new ManagedProcess(spec);
  }

  get running(): boolean {
    return this.exitReason === null;
  }

  signal(name: NodeJS.Signals): void {
    if (!this.running) return;
    try {
      process.kill(-this.pid, name);
    } catch {
      this.child.kill(name);
    }
  }

  /** The spec's stop signal (SIGTERM), then SIGKILL after `graceMs`; resolves once the process is gone. */
  async stop(graceMs = 10_000): Promise<void> {
    if (!this.running) return;
    this.signal(this.spec.stopSignal ?? 'SIGTERM');
    const timer = setTimeout(() => this.signal('SIGKILL'), graceMs);
    await this.exited;
    clearTimeout(timer);
  }

  async kill(): Promise<void> {
    this.signal('SIGKILL');
    await this.exited;
  }

  /** Resident set size in bytes (from /proc), or null once the process is gone. */
  rssBytes(): number | null {
    return this.running ? readRssBytes(this.pid) : null;
  }
}

export function readRssBytes(pid: number): number | null {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const match = /^VmRSS:\s+(\d+)\s+kB/m.exec(status);
    return match ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** A supervisor that dies, however it dies, takes its children along. */
export function killAllOnExit(): void {
  process.once('exit', () => {
    for (const child of live) child.signal('SIGKILL');
  });
}
