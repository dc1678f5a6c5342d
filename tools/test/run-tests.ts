// `npm test`: local infra once for the whole run, every project's tests through Nx, then one
// line of totals (`N passed, N failed`) summed over the projects' jest runs.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fillInfraEnv } from '../infra/src/infra-env';
import { acquireInfra, InfraLease } from '../infra/src/infra-lease';
import { oneLine } from '../infra/src/errors';

const root = path.resolve(__dirname, '..', '..');
const reportsDir = path.join(root, 'reports', 'jest');

interface ProjectTotals {
  readonly project: string;
  readonly passed: number;
  readonly failed: number;
  readonly skipped: number;
  readonly brokenSuites: number;
}

function runNx(args: readonly string[], env: NodeJS.ProcessEnv): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [require.resolve('nx/bin/nx'), ...args], {
      cwd: root,
      env,
      stdio: 'inherit',
    });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
}

function readTotals(): ProjectTotals[] {
  if (!existsSync(reportsDir)) return [];
  return readdirSync(reportsDir)
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(path.join(reportsDir, file), 'utf8')) as ProjectTotals);
}

async function main(): Promise<number> {
  const env = { ...process.env };
  let lease: InfraLease | undefined;
  if (!env['REDIS_URL'] || !env['MONGO_URL']) {
    lease = await acquireInfra({
      onProgress: (message) => process.stderr.write(`infra: ${message}\n`),
    });
    // Every URL of the infra (Redis, MongoDB, stripe-mock, SMTP): jest's global setup then
    // finds REDIS_URL and MONGO_URL set and starts nothing itself.
    fillInfraEnv(env, lease.state);
  }
  rmSync(reportsDir, { recursive: true, force: true });
  const passThrough = process.argv.slice(2);
  let code: number;
  try {
    // test-cluster: the projects whose integration specs run again on a Redis Cluster.
    code = await runNx(
      ['run-many', '-t', 'test', 'test-cluster', '--outputStyle=static', ...passThrough],
      env,
    );
  } finally {
    await lease?.release();
  }
  const totals = readTotals();
  const passed = totals.reduce((sum, t) => sum + t.passed, 0);
  const failed = totals.reduce((sum, t) => sum + t.failed + t.brokenSuites, 0);
  const skipped = totals.reduce((sum, t) => sum + t.skipped, 0);
  for (const t of totals) {
    process.stdout.write(
      `  ${t.project}: ${t.passed} passed, ${t.failed + t.brokenSuites} failed\n`,
    );
  }
  // No totals at all means jest never ran: count that as a failure, not as an empty success.
  const broken = totals.length === 0 ? 1 : 0;
  process.stdout.write(
    `${passed} passed, ${failed + broken} failed${skipped ? `, ${skipped} skipped` : ''}\n`,
  );
  return failed + broken > 0 ? code || 1 : code;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`npm test: ${oneLine(error)}\n`);
    process.stdout.write('0 passed, 1 failed\n');
    process.exit(1);
  },
);
