// docs/getting-started.md, run as a new user would: its sh blocks in order, in one bash from the
// repository's root, with a plain environment (none of the suite's URLs), so its own
// `npm run start:bg` brings up a system on the default ports and its `npm stop` stops it. Only
// `npm ci` is left out: CI ran it before the suites. Last in the suite: it runs a second system.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pageScript, shellBlocks } from '../src/docs/shell-blocks';

const root = path.resolve(__dirname, '../../..');
const page = path.join(root, 'docs', 'getting-started.md');
/** A first build, a start, a minute's rule evaluation and a stop, on a busy machine. */
const PAGE_TIMEOUT_MS = 20 * 60_000;
/** What a new user's shell has; not the suite's REDIS_URL, GATEWAY_URL and the like. */
const USER_ENV_NAMES = ['PATH', 'HOME', 'USER', 'LANG', 'TMPDIR', 'TERM', 'CI', 'CHROMIUM_BIN'];

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
}

function userEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of USER_ENV_NAMES)
    if (process.env[name] !== undefined) env[name] = process.env[name];
  return env;
}

function bash(script: string, timeoutMs: number): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', ['-c', script], { cwd: root, env: userEnv(), timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const tail = (text: string): string => text.split('\n').slice(-40).join('\n');

describe('docs/getting-started.md', () => {
  // A page that failed half-way leaves its background run up: stop it either way.
  afterAll(() => bash('npm stop', 3 * 60_000), 3 * 60_000);

  it(
    'goes from npm run start:bg to a first alert, in the API and by e-mail, and npm stop',
    async () => {
      const blocks = shellBlocks(fs.readFileSync(page, 'utf8'));
      expect(blocks.join('\n')).toContain('npm run start:bg');
      const outcome = await bash(pageScript(blocks, ['npm ci']), PAGE_TIMEOUT_MS);
      if (outcome.code !== 0) {
        throw new Error(
          `the page's commands stopped with ${String(outcome.code)}\n` +
            `--- stdout\n${tail(outcome.stdout)}\n--- stderr\n${tail(outcome.stderr)}`,
        );
      }
      // The events on the dashboard's default window, the alert as the page prints it, then its
      // e-mail, then the run stopped.
      expect(outcome.stdout).toMatch(/"eventId": "shop\.checkout\.failed",\s*"current": 12,/);
      expect(outcome.stdout).toMatch(/"ruleName": "Checkouts failing",\s*"severity": "critical"/);
      expect(outcome.stdout).toMatch(/"subject": "[^"]*Checkouts failing/);
      // A RAD set made from a suggestion, and the preview under the organisation's name.
      expect(outcome.stdout).toMatch(/"name": "shop\.checkout",\s*"pattern": "shop\.checkout\.\*"/);
      expect(outcome.stdout).toMatch(/<title>Weekly report for Acme Shop: /);
      expect(outcome.stderr).toContain('stop: stopped');
      expect(fs.existsSync(path.join(root, '.infra', 'start.pid'))).toBe(false);
    },
    PAGE_TIMEOUT_MS + 60_000,
  );
});
