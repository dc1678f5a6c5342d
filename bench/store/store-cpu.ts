// CPU seconds a store used, from /proc (Linux): the FerretDB process, and for the postgresql
// backend the whole postgres tree. postgres serves each connection from its own child process,
// so the tree is summed, plus what the postmaster has reaped (children that exited meanwhile).
import fs from 'node:fs';
import { performance } from 'node:perf_hooks';
import { clockTicks } from '../gateway/process-cpu';

interface ProcStat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, in clock ticks. */
  readonly ticks: number;
  /** cutime + cstime: the ticks of children it has waited for. */
  readonly reapedTicks: number;
}

/** Total CPU seconds so far of `pids` and, for each of `trees`, the process and all its descendants. */
export function cpuSecondsOf(pids: readonly number[], trees: readonly number[] = []): number {
  const stats = readAllStats();
  const byPid = new Map(stats.map((stat) => [stat.pid, stat]));
  let ticks = 0;
  for (const pid of pids) ticks += byPid.get(pid)?.ticks ?? 0;
  for (const root of trees) {
    const rootStat = byPid.get(root);
    if (rootStat === undefined) continue;
    ticks += rootStat.reapedTicks;
    for (const pid of descendantsAndSelf(root, stats)) ticks += byPid.get(pid)?.ticks ?? 0;
  }
  return ticks / clockTicks();
}

/** A process of a running system, by the name it was started under (`ferretdb`, `postgres`). */
export interface NamedProcess {
  readonly name: string;
  readonly pid: number | null;
}

/**
 * Starts counting the store's CPU: FerretDB and, on the PostgreSQL backend, the postmaster's whole
 * tree (each connection is served by a child process of its own). The returned function answers
 * the cores used since: CPU seconds per wall second.
 */
export function watchStoreCpu(processes: readonly NamedProcess[]): () => number {
  const roots = processes.flatMap((p) =>
    p.pid !== null && /^(ferretdb|postgres)/.test(p.name) ? [p.pid] : [],
  );
  const startedAt = performance.now();
  const before = cpuSecondsOf([], roots);
  return () => (cpuSecondsOf([], roots) - before) / ((performance.now() - startedAt) / 1000);
}

function descendantsAndSelf(root: number, stats: readonly ProcStat[]): number[] {
  const found = [root];
  for (let i = 0; i < found.length; i += 1) {
    const parent = found[i];
    for (const stat of stats) if (stat.ppid === parent) found.push(stat.pid);
  }
  return found;
}

function readAllStats(): ProcStat[] {
  const stats: ProcStat[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== null) stats.push(stat);
  }
  return stats;
}

function readStat(pid: number): ProcStat | null {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces, so count fields after the last ')'.
    const fields = text
      .slice(text.lastIndexOf(')') + 2)
      .split(' ')
      .map(Number);
    const [ppid, utime, stime, cutime, cstime] = [1, 11, 12, 13, 14].map((i) => fields[i] ?? 0);
    return { pid, ppid, ticks: utime + stime, reapedTicks: cutime + cstime };
  } catch {
    // It exited between readdir and read.
    return null;
  }
}
