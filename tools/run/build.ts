// Builds apps through Nx (cached, so an unchanged app costs nothing). `npm start` and the
// benchmarks run the apps from their build: tsx cannot emit the decorator metadata Nest needs.
import { spawn } from 'node:child_process';
import { APP_NAMES } from './apps';

export interface BuildOptions {
  /** Which apps; all five by default. */
  readonly apps?: readonly string[];
  /** Stops the build (SIGINT) and rejects with the signal's reason. */
  readonly abort?: AbortSignal;
  /** Where Nx's stdout goes: a benchmark keeps its own stdout for its report. */
  readonly stdout?: 'inherit' | 'stderr';
}

export function buildApps(root: string, options: BuildOptions = {}): Promise<void> {
  const { apps = APP_NAMES, abort, stdout = 'inherit' } = options;
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('nx/bin/nx'),
        'run-many',
        '-t',
        'build',
        '-p',
        ...apps,
        // No terminal UI: the run's own output follows; failures still print in full.
        '--outputStyle=static-failures-only',
      ],
      { cwd: root, stdio: ['ignore', stdout === 'stderr' ? process.stderr : 'inherit', 'inherit'] },
    );
    const onAbort = (): void => {
      child.kill('SIGINT');
    };
    abort?.addEventListener('abort', onAbort, { once: true });
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      abort?.removeEventListener('abort', onAbort);
      if (abort?.aborted) reject(abort.reason);
      else if (code === 0) resolve();
      else
        reject(
          new Error(
            `building ${apps.join(', ')} failed (${signal ?? `exit code ${String(code)}`}); ` +
              'see the output above',
          ),
        );
    });
  });
}
