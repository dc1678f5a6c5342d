import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { sleep } from './wait-for';

/** Another account to run a child as (postgres refuses root); only root may ask for one. */
export interface RunAs {
  uid: number;
  gid: number;
}

export interface DetachedServer {
  pid: number;
  /** Why the process is gone (exit code or signal), or null while it runs. Only known to the process that spawned it. */
  exitReason(): string | null;
}

/**
 * Starts a long-running server that outlives this process: its own process group (so a Ctrl-C
 * in the terminal that ran `infra:up` does not reach it), output appended to a log file, and
 * no handle keeping our event loop alive.
 */
export function spawnDetached(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv; runAs?: RunAs },
): DetachedServer {
  const logFd = fs.openSync(options.logFile, 'a');
  let exitReason: string | null = null;
  try {
    const child = spawn(command, args, {
      cwd: options.cwd,
      ...(options.env ? { env: options.env } : {}),
      ...options.runAs,
      detached: true,
      stdio: ['ignore', logFd, logFd],
    });
    child.on('error', (error) => {
      exitReason = `could not start ${command}: ${error.message}`;
    });
    child.on('exit', (code, signal) => {
      exitReason = signal === null ? `exited with code ${String(code)}` : `killed by ${signal}`;
    });
    child.unref();
    if (child.pid === undefined) throw new Error(`could not start ${command}`);
    return { pid: child.pid, exitReason: () => exitReason };
  } finally {
    // The child holds its own copy of the descriptor.
    fs.closeSync(logFd);
  }
}

/** Runs a command to completion (a build), its output replacing `logFile`; resolves to its exit code. */
export function runToLog(
  command: string,
  args: string[],
  options: { cwd: string; logFile: string; env?: NodeJS.ProcessEnv; runAs?: RunAs },
): Promise<number> {
  const logFd = fs.openSync(options.logFile, 'w');
  return new Promise<number>((resolve) => {
    const child = spawn(command, args, {
      cwd: options.cwd,
      ...(options.env ? { env: options.env } : {}),
      ...options.runAs,
      stdio: ['ignore', logFd, logFd],
    });
    child.on('error', () => resolve(127));
    child.on('exit', (code) => resolve(code ?? 1));
  }).finally(() => fs.closeSync(logFd));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Guards against PID reuse after a reboot or a crash: only treat a PID from state.json as ours
 * if its command line still names the program we started. Where /proc is unavailable we
 * cannot tell, so we trust the PID.
 */
export function runsProgram(pid: number, program: string): boolean {
  if (!isAlive(pid)) return false;
  let cmdline: string;
  try {
    cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return process.platform !== 'linux';
  }
  return cmdline.split('\0').some((part) => part.includes(program));
}

/** `stopSignal` (SIGTERM), then SIGKILL if it has not gone within `graceMs`. Resolves once the process is gone. */
export async function stopProcess(
  pid: number,
  graceMs: number,
  stopSignal: NodeJS.Signals = 'SIGTERM',
): Promise<void> {
  if (!signal(pid, stopSignal)) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return;
    await sleep(100);
  }
  signal(pid, 'SIGKILL');
  for (let i = 0; i < 50 && isAlive(pid); i++) await sleep(100);
}

function signal(pid: number, name: NodeJS.Signals): boolean {
  try {
    process.kill(pid, name);
    return true;
  } catch {
    return false;
  }
}
