import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const workspace = path.resolve(__dirname, '../../..');
const tsconfig = 'apps/traffic-monitor/tsconfig.build.json';

/**
 * The real entry point, compiled the way `nx run traffic-monitor:build` does (tsc + tsc-alias),
 * into a private directory: SWC-in-jest or tsx would not show what `node main.js` prints.
 */
describe('traffic-monitor started with a bad configuration', () => {
  let outDir: string;

  beforeAll(async () => {
    // Inside the workspace, so the compiled files resolve node_modules; tmp/ is git-ignored.
    mkdirSync(path.join(workspace, 'tmp'), { recursive: true });
    outDir = mkdtempSync(path.join(workspace, 'tmp', 'config-error-build-'));
    const bin = path.join(workspace, 'node_modules', '.bin');
    await run(path.join(bin, 'tsc'), ['-p', tsconfig, '--outDir', outDir], { cwd: workspace });
    await run(path.join(bin, 'tsc-alias'), ['-p', tsconfig, '--outDir', outDir], {
      cwd: workspace,
    });
  }, 120_000);

  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });

  it('exits 1 printing exactly one line that names the variable', () => {
    const result = spawnSync(
      process.execPath,
      [path.join(outDir, 'apps/traffic-monitor/src/main.js')],
      {
        cwd: workspace,
        env: { PATH: process.env['PATH'], HTTP_PORT: 'abc' },
        encoding: 'utf8',
        timeout: 20_000,
      },
    );

    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      'invalid configuration: HTTP_PORT must be an integer between 1 and 65535 (got "abc")\n',
    );
  });
});
