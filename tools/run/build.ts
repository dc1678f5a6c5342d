// Builds the five apps through Nx (cached, so an unchanged app costs nothing).
import { spawn } from 'node:child_process';
import { APP_NAMES } from './apps';

export function buildApps(root: string, abort: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('nx/bin/nx'),
        'run-many',
        '-t',
        'build',
        '-p',
        ...APP_NAMES,
        // No terminal UI: the run's own output follows; failures still print in full.
        '--outputStyle=static-failures-only',
      ],
      { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    abort.addEventListener('abort', onAbort, { once: true });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      abort.removeEventListener('abort', onAbort);
      if (abort.aborted) reject(abort.reason);
      else if (code === 0) resolve();
      else
        reject(
          new Error(
            `build failed (${signal ?? `exit code ${String(code)}`}); see the output above`,
          ),
        );
    });
  });
}
