// The gateway and telemetry run from their build (dist/apps/<app>/main.js), as `npm start` and
// production run them: tsx cannot emit the decorator metadata Nest's injection needs.
import { spawn } from 'node:child_process';

const BUILD_TIMEOUT_MS = 10 * 60_000;

/** `nx run-many -t build` for these apps; cached by Nx, so an unchanged app costs nothing. */
export function buildApps(root: string, apps: readonly string[]): Promise<void> {
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
        '--outputStyle=static-failures-only',
      ],
      // stdout to our stderr: stdout is the benchmark's report.
      { cwd: root, stdio: ['ignore', process.stderr, 'inherit'] },
    );
    const timer = setTimeout(() => child.kill('SIGKILL'), BUILD_TIMEOUT_MS);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else
        reject(new Error(`building ${apps.join(', ')} failed (${signal ?? `exit code ${code}`})`));
    });
  });
}
