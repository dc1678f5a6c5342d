// The CLI as a user runs it: a real process on real files, judged by its files and exit code.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const REPO = path.resolve(__dirname, '../..');
const TSX = path.join(REPO, 'node_modules/.bin/tsx');

function runCli(args: string[]): { status: number | null; stderr: string; stdout: string } {
  const result = spawnSync(TSX, ['tools/cli/forecast.ts', ...args], {
    cwd: REPO,
    encoding: 'utf8',
  });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout };
}

describe('npm run forecast', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'forecast-cli-'));
    const day = Array.from({ length: 24 }, (_, h) => 100 + 50 * Math.sin((2 * Math.PI * h) / 24));
    const long = Array.from({ length: 24 * 6 }, (_, t) => day[t % 24].toFixed(2));
    const short = long.slice(0, 24 * 4);
    const header = Array.from({ length: long.length + 1 }, (_, i) => `"V${i + 1}"`).join(',');
    const padding = ','.repeat(long.length - short.length);
    fs.writeFileSync(
      path.join(dir, 'in.csv'),
      `${header}\n"A",${long.map((v) => `"${v}"`).join(',')}\n"B",${short.join(',')}${padding}\n`,
    );
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes point forecasts and one file per interval bound, in the M4 layout', () => {
    const output = path.join(dir, 'out.csv');
    const { status, stderr } = runCli([
      '--input',
      path.join(dir, 'in.csv'),
      '--horizon',
      '6',
      '--season',
      '24',
      '--output',
      output,
      '--model',
      'seasonal-naive',
    ]);
    expect(stderr).toContain('2 series');
    expect(status).toBe(0);
    const rows = fs.readFileSync(output, 'utf8').trim().split('\n');
    expect(rows[0]).toBe('"id","F1","F2","F3","F4","F5","F6"');
    expect(rows.map((row) => row.split(',')[0])).toEqual(['"id"', '"A"', '"B"']);
    const firstA = Number(rows[1].split(',')[1]);
    expect(firstA).toBeCloseTo(100, 1);
    for (const bound of ['lo80', 'hi80', 'lo95', 'hi95']) {
      const lines = fs
        .readFileSync(path.join(dir, `out.${bound}.csv`), 'utf8')
        .trim()
        .split('\n');
      expect(lines).toHaveLength(3);
      expect(lines[1].split(',')).toHaveLength(7);
    }
  });

  it('exits with 2 and says why on bad arguments', () => {
    const { status, stderr } = runCli([
      '--input',
      path.join(dir, 'in.csv'),
      '--horizon',
      'soon',
      '--output',
      'x.csv',
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain('--horizon needs a whole number >= 1 (got "soon")');
  });

  it('exits with 2 when the input cannot be read', () => {
    const { status, stderr } = runCli([
      '--input',
      path.join(dir, 'missing.csv'),
      '--horizon',
      '2',
      '--output',
      path.join(dir, 'x.csv'),
    ]);
    expect(status).toBe(2);
    expect(stderr).toContain('cannot read --input');
  });

  it('prints the usage with --help', () => {
    const { status, stdout } = runCli(['--help']);
    expect(status).toBe(0);
    expect(stdout).toContain('OUT.lo80.csv');
  });
});
