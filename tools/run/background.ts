// `npm start -- --detach` (npm run start:bg): the run goes on in a child of its own session, so
// it outlives the shell or script that started it, and the launcher returns once every app is
// ready. The child tells the launcher over an IPC channel, then drops the channel.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { lastLines } from './app-process';

/** Set in the background run's environment: it must not watch its (departing) ancestors. */
const BACKGROUND_ENV = 'VANTAGE_START_BACKGROUND';
const LOG_TAIL_LINES = 30;

interface ReadyMessage {
  readonly type: 'ready';
  /** What the foreground run would have printed: the table of URLs. */
  readonly summary: string;
}

export function isBackgroundRun(env: NodeJS.ProcessEnv = process.env): boolean {
  return env[BACKGROUND_ENV] === '1';
}

/** In the background run: hand the summary to the launcher and let it go. */
export function reportReady(summary: string): void {
  if (process.send === undefined) return;
  const message: ReadyMessage = { type: 'ready', summary };
  process.send(message, () => process.disconnect());
}

/**
 * Runs this same script again, detached, with `args` (no --detach) and its output appended to
 * `logFile`. Resolves to 0 once it reports ready, or to its exit code if it stops before that.
 */
export function launchInBackground(
  args: readonly string[],
  options: { cwd: string; logFile: string; log: (message: string) => void },
): Promise<number> {
  const { log, logFile } = options;
  const script = process.argv[1];
  if (script === undefined) throw new Error('cannot tell which script to run in the background');
  const logFd = fs.openSync(logFile, 'a');
  fs.writeSync(logFd, `\n--- npm start --detach at ${new Date().toISOString()}\n`);
  // execArgv carries tsx's loader (and TSX_TSCONFIG_PATH, the env), so the child runs the same way.
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    cwd: options.cwd,
    detached: true,
    env: { ...process.env, [BACKGROUND_ENV]: '1' },
    stdio: ['ignore', logFd, logFd, 'ipc'],
  });
  fs.closeSync(logFd);
  log(`starting in the background (pid ${String(child.pid)}, log ${logFile})`);
  // Ctrl-C while waiting: the detached run would not see it, so pass it on as a clean stop.
  const stop = (): void => {
    child.kill('SIGTERM');
  };
  process.once('SIGINT', stop).once('SIGTERM', stop);
  return new Promise<number>((resolve) => {
    const fail = (why: string, code: number): void => {
      log(`the background run ${why}; last lines of ${logFile}:`);
      for (const line of lastLines(logFile, LOG_TAIL_LINES)) console.error(`  ${line}`);
      resolve(code);
    };
    child.on('message', (message: Partial<ReadyMessage>) => {
      if (message.type !== 'ready') return;
      console.log(message.summary ?? '');
      console.log(`running in the background as pid ${String(child.pid)}; npm stop stops it\n`);
      child.removeAllListeners('exit');
      process.off('SIGINT', stop).off('SIGTERM', stop);
      child.unref();
      resolve(0);
    });
    child.on('error', (error) => fail(`could not start (${error.message})`, 1));
    child.on('exit', (code, signal) =>
      fail(
        signal === null ? `exited with code ${String(code)}` : `was killed by ${signal}`,
        code ?? 1,
      ),
    );
  });
}
