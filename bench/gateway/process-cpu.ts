// How many cores each process used during a run, from /proc (Linux): on a 2-core machine shared
// by the load generator, the gateway, telemetry and Redis, this says who the bottleneck is.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

export interface WatchedProcess {
  readonly name: string;
  readonly pid: number;
}

export interface CpuShare {
  readonly name: string;
  /** CPU seconds per wall second: 1 means one core busy all the time. */
  readonly cores: number;
  /** The part of `cores` spent in the kernel (socket reads and writes, mostly). */
  readonly kernelCores: number;
}

export const OTHER_PROCESSES = 'other processes';

/**
 * Starts counting; the returned function gives each process's share since then, and last the
 * share of every other process on the machine (other people's work disturbs the numbers).
 */
export function watchCpu(processes: readonly WatchedProcess[]): () => CpuShare[] {
  const ticksPerSecond = clockTicks();
  const startedAt = process.hrtime.bigint();
  const before = processes.map((watched) => cpuTicks(watched.pid));
  const machineBefore = machineTicks();
  return () => {
    const wallSeconds = Number(process.hrtime.bigint() - startedAt) / 1e9;
    const machineAfter = machineTicks();
    const shares = processes.flatMap((watched, i): CpuShare[] => {
      const start = before[i];
      const end = cpuTicks(watched.pid);
      if (!start || !end) return [];
      const share = (ticks: number): number =>
        Math.round((ticks / ticksPerSecond / wallSeconds) * 100) / 100;
      return [
        {
          name: watched.name,
          cores: share(end.user + end.kernel - start.user - start.kernel),
          kernelCores: share(end.kernel - start.kernel),
        },
      ];
    });
    if (machineBefore && machineAfter) {
      const busy =
        (machineAfter.user + machineAfter.kernel - machineBefore.user - machineBefore.kernel) /
        ticksPerSecond /
        wallSeconds;
      const ours = shares.reduce((sum, share) => sum + share.cores, 0);
      const kernel = (machineAfter.kernel - machineBefore.kernel) / ticksPerSecond / wallSeconds;
      const oursKernel = shares.reduce((sum, share) => sum + share.kernelCores, 0);
      shares.push({
        name: OTHER_PROCESSES,
        cores: Math.max(0, Math.round((busy - ours) * 100) / 100),
        kernelCores: Math.max(0, Math.round((kernel - oursKernel) * 100) / 100),
      });
    }
    return shares;
  };
}

/**
 * Busy time of the whole machine from the first line of /proc/stat ("cpu user nice system idle
 * iowait irq softirq steal …"): everything but idle and iowait. Interrupt time counts as kernel
 * time, as it does in the processes' own stime (checked here: on loopback, user + system +
 * softirq of the machine equals the sum over the processes under load). Steal (the hypervisor
 * giving our cores to someone else) counts as someone else's work.
 */
function machineTicks(): Ticks | null {
  try {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n', 1)[0] ?? '';
    const [user, nice, system, , , irq, softirq, steal] = line
      .trim()
      .split(/\s+/)
      .slice(1)
      .map(Number);
    const kernelParts = [system, irq, softirq, steal];
    if (![user, nice, ...kernelParts].every((value) => Number.isFinite(value))) return null;
    return {
      user: (user ?? 0) + (nice ?? 0),
      kernel: kernelParts.reduce<number>((sum, value) => sum + (value ?? 0), 0),
    };
  } catch {
    return null;
  }
}

interface Ticks {
  readonly user: number;
  readonly kernel: number;
}

/** utime and stime of a process in clock ticks, or null when it is gone or /proc is missing. */
function cpuTicks(pid: number): Ticks | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces, so count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const utime = Number(fields[11]);
    const stime = Number(fields[12]);
    return Number.isFinite(utime) && Number.isFinite(stime) ? { user: utime, kernel: stime } : null;
  } catch {
    return null;
  }
}

let cachedTicks: number | undefined;

/** Clock ticks per second of /proc times (CLK_TCK). */
export function clockTicks(): number {
  if (cachedTicks === undefined) {
    try {
      cachedTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      cachedTicks = Number.NaN;
    }
    // 100 is what every Linux build uses in practice.
    if (!Number.isFinite(cachedTicks) || cachedTicks <= 0) cachedTicks = 100;
  }
  return cachedTicks;
}
