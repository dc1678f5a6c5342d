// A full garbage collection in a running app before its RSS is read, so the reading says what the
// process keeps rather than how far its heap happened to be from the next collection (a gateway's
// RSS swings by 20 MiB between collections under this junk). The app must run with
// --inspect-port=127.0.0.1:0: SIGUSR1 opens its inspector on a free port, announced in its log.
import fs from 'node:fs';
import { waitFor } from '../../tools/infra/src/wait-for';
import { InspectorSession } from '../support/inspector-session';

export const INSPECT_ON_SIGNAL = '--inspect-port=127.0.0.1:0';

const ANNOUNCEMENT = /Debugger listening on (ws:\/\/\S+)/g;

export async function collectGarbage(pid: number, logFile: string): Promise<void> {
  process.kill(pid, 'SIGUSR1');
  let url = '';
  await waitFor(
    async () => {
      url = lastAnnouncedUrl(fs.readFileSync(logFile, 'utf8')) ?? '';
      return url !== '';
    },
    { description: `the inspector of pid ${pid} to open`, timeoutMs: 10_000, intervalMs: 100 },
  );
  const session = await InspectorSession.open(url);
  try {
    await session.command('HeapProfiler.collectGarbage');
  } finally {
    session.close();
  }
}

/** The newest announcement: a replica restarted appends to the same log. */
function lastAnnouncedUrl(log: string): string | null {
  let last: string | null = null;
  for (const match of log.matchAll(ANNOUNCEMENT)) last = match[1] ?? null;
  return last;
}
