import fs from 'node:fs';
import path from 'node:path';
import type { InfraPaths } from './paths';
import { spawnDetached, type DetachedServer } from './processes';

/** Matched against the process's command line (node .../maildev/dist/bin/maildev.js). */
export const MAILDEV_PROGRAM = 'maildev';

export const MAILDEV_MISSING_MESSAGE =
  'maildev not found in node_modules: run npm ci (it is a devDependency) or set SMTP_URL';

export interface MaildevPorts {
  smtp: number;
  web: number;
}

/** SMTP and the web UI/REST API both on loopback (maildev binds every interface by default). */
export function maildevArgs(ports: MaildevPorts): string[] {
  return [
    '--smtp',
    String(ports.smtp),
    '--ip',
    '127.0.0.1',
    '--web',
    String(ports.web),
    '--web-ip',
    '127.0.0.1',
    '--silent',
  ];
}

/** `entry` is maildev's CLI script, run with this node rather than the .bin shim so the PID is maildev itself. */
export function startMaildev(
  entry: string,
  ports: MaildevPorts,
  paths: InfraPaths,
): DetachedServer {
  fs.mkdirSync(paths.maildevDir, { recursive: true });
  return spawnDetached(process.execPath, [entry, ...maildevArgs(ports)], {
    cwd: paths.infraDir,
    logFile: path.join(paths.logsDir, 'maildev.log'),
    // maildev keeps messages under $TMPDIR/maildev, shared by every checkout unless moved.
    env: { ...process.env, TMPDIR: paths.maildevDir },
  });
}

/** maildev's REST API lives under /api on the web port. */
export async function pingMaildev(apiUrl: string, timeoutMs = 2000): Promise<boolean> {
  const response = await fetch(new URL('/api/healthz', apiUrl), {
    signal: AbortSignal.timeout(timeoutMs),
  });
  await response.body?.cancel();
  return response.ok;
}
