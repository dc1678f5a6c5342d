// Notices when the processes that launched this one go away without signalling it. Without a
// terminal, `kill -INT <npm pid>` reaches npm and the `sh -c` it runs the script in, but dash
// dies without passing the signal on, and a SIGKILLed npm passes on nothing at all.
import fs from 'node:fs';

const POLL_MS = 1000;

interface Link {
  readonly pid: number;
  readonly ppid: number;
}

/**
 * Calls `onGone` with the pid of the first ancestor found gone (or no longer the parent it was).
 * Linux only (/proc); a no-op elsewhere.
 */
export function watchAncestors(onGone: (pid: number) => void): () => void {
  const chain = ancestors(process.pid);
  if (chain.length === 0) return () => undefined;
  const timer = setInterval(() => {
    const broken = chain.find((link) => parentOf(link.pid) !== link.ppid);
    if (broken === undefined) return;
    clearInterval(timer);
    onGone(broken.ppid);
  }, POLL_MS);
  timer.unref();
  return () => clearInterval(timer);
}

/** Our own link plus every ancestor's, up to (not including) init. */
function ancestors(pid: number): Link[] {
  const chain: Link[] = [];
  for (let current = pid; current > 1 && chain.length < 32;) {
    const ppid = parentOf(current);
    if (ppid === null) break;
    chain.push({ pid: current, ppid });
    current = ppid;
  }
  return chain;
}

/** The parent pid from /proc/<pid>/stat, or null when the process is gone. */
function parentOf(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so parse after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    return Number.isInteger(ppid) ? ppid : null;
  } catch {
    return null;
  }
}
