// `npm run e2e`: builds the apps, boots the whole system with two replicas of every app (see
// system.ts), runs apps/system-e2e's suite against it through the public HTTP and WebSocket
// surface, stops everything, and prints jest's totals as the last line.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { oneLine } from '../infra/src/errors';
import { isAlive } from '../infra/src/processes';
import { startControlServer } from './control-server';
import { E2E_APP_ENV } from './e2e-settings';
import { killAllOnExit } from './managed-process';
import { E2E_WEBHOOK_SECRET, VantageSystem } from './system';

const root = path.resolve(__dirname, '..', '..');
const outputDir = path.join(root, 'apps', 'system-e2e', 'test-output');
const resultsFile = path.join(outputDir, 'jest-results.json');

const progress = (message: string): void => {
  process.stderr.write(`e2e: ${message}\n`);
};

interface JestResults {
  readonly numPassedTests: number;
  readonly numFailedTests: number;
  readonly numRuntimeErrorTestSuites: number;
}

function runJest(env: NodeJS.ProcessEnv, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        require.resolve('jest/bin/jest'),
        '--config',
        'apps/system-e2e/jest.e2e.config.js',
        '--runInBand',
        '--json',
        `--outputFile=${resultsFile}`,
        ...args,
      ],
      { cwd: root, env, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    // Ctrl-C or a CI timeout: stop jest, then the system is stopped as after any run.
    const stop = (): void => {
      child.kill('SIGTERM');
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve(code ?? (signal ? 1 : 0));
    });
  });
}

/** Folders of earlier runs whose supervisor is gone (the current run's is made fresh). */
function removeStaleRuns(): void {
  const base = path.join(root, '.infra', 'e2e');
  if (!fs.existsSync(base)) return;
  for (const entry of fs.readdirSync(base)) {
    const pid = /^run-(\d+)$/.exec(entry)?.[1];
    if (pid !== undefined && !isAlive(Number(pid)))
      fs.rmSync(path.join(base, entry), { recursive: true, force: true });
  }
}

async function main(): Promise<number> {
  killAllOnExit();
  removeStaleRuns();
  fs.mkdirSync(outputDir, { recursive: true });
  fs.rmSync(resultsFile, { force: true });
  const system = await VantageSystem.start({
    replicas: 2,
    // One folder per run: two runs at once (a developer's --serve and a test) must not share data.
    workDir: path.join(root, '.infra', 'e2e', `run-${process.pid}`),
    env: E2E_APP_ENV,
    progress,
  });
  const control = await startControlServer(system, progress);
  const suiteEnv: NodeJS.ProcessEnv = {
    E2E_GATEWAY_URL: system.gatewayUrl,
    E2E_GATEWAY_REPLICA_URLS: system
      .replicasOf('gateway')
      .map((r) => r.url)
      .join(','),
    E2E_GATEWAY_OPS_URLS: system
      .replicasOf('gateway')
      .map((r) => r.opsUrl)
      .join(','),
    E2E_CONTROL_URL: control.url,
    E2E_OUTPUT_DIR: outputDir,
    MAILDEV_API_URL: system.infra.maildevApiUrl,
    MONGO_URL: system.infra.mongoUrl,
    REDIS_URL: system.infra.redisUrl,
    STRIPE_WEBHOOK_SECRET: E2E_WEBHOOK_SECRET,
  };
  const args = process.argv.slice(2);
  let code: number;
  try {
    if (args.includes('--serve')) return await serve(suiteEnv);
    code = await runJest({ ...process.env, ...suiteEnv }, args);
  } finally {
    progress('stopping the system');
    await control.close();
    await system.stop();
  }
  const results = readResults();
  const failed = results ? results.numFailedTests + results.numRuntimeErrorTestSuites : 1;
  process.stdout.write(`${results?.numPassedTests ?? 0} passed, ${failed} failed\n`);
  return failed > 0 ? code || 1 : code;
}

/**
 * `npm run e2e -- --serve`: the system stays up, and the variables that point the suite at it
 * are printed, so one file can be run again and again (`env ... npx jest --config
 * apps/system-e2e/jest.e2e.config.js test/01`) while developing it. Ctrl-C stops it.
 */
async function serve(env: NodeJS.ProcessEnv): Promise<number> {
  for (const [name, value] of Object.entries(env))
    process.stdout.write(`export ${name}=${value}\n`);
  progress('serving; Ctrl-C stops the system');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  return 0;
}

function readResults(): JestResults | null {
  try {
    return JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as JestResults;
  } catch {
    return null;
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    progress(`failed: ${oneLine(error)}`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
