// CPU time one process has used (user + kernel), from /proc (Linux): the service's cost per
// event, which unlike events/s does not shrink when other work shares the machine's cores.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** CPU seconds `pid` has used so far, or NaN when it is gone or /proc is missing. */
export function cpuSecondsOf(pid: number | undefined): number {
  if (pid === undefined) return Number.NaN;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid …": comm may hold spaces, so count fields after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks();
  } catch {
    return Number.NaN;
  }
}

let ticks: number | undefined;

function clockTicks(): number {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
    } catch {
      ticks = Number.NaN;
    }
    // 100 is what every Linux build uses in practice.
    if (!Number.isFinite(ticks) || ticks <= 0) ticks = 100;
  }
  return ticks;
}
