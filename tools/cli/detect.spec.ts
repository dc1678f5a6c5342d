// The detect CLI as a user runs it: a real process, real files, exit codes.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');

function detect(...args: string[]): { status: number | null; stderr: string } {
  const run = spawnSync(TSX, [path.join(__dirname, 'detect.ts'), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stderr: run.stderr };
}

describe('npm run detect', () => {
  let dir: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'detect-cli-'));
  });
  afterAll(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('writes a score in [0, 1] for every input row, the spike scored highest', () => {
    const start = Date.UTC(2024, 0, 1);
    const rows = Array.from({ length: 600 }, (_, i) => {
      const timestamp = new Date(start + i * 300_000).toISOString().replace('T', ' ').slice(0, 19);
      const value = i === 500 ? 150 : 100 + 3 * Math.sin(i / 7) + ((i * 7919) % 13) / 13;
      return `${timestamp},${value}`;
    });
    const input = path.join(dir, 'in.csv');
    const output = path.join(dir, 'out.csv');
    fs.writeFileSync(input, ['timestamp,value', ...rows].join('\n'));

    expect(detect('--input', input, '--output', output).status).toBe(0);
    const lines = fs.readFileSync(output, 'utf8').trim().split('\n');
    expect(lines[0]).toBe('timestamp,value,anomaly_score');
    expect(lines).toHaveLength(601);
    const scores = lines.slice(1).map((line) => Number(line.split(',')[2]));
    expect(scores.every((score) => score >= 0 && score <= 1)).toBe(true);
    expect(scores.indexOf(Math.max(...scores))).toBe(500);
    expect(lines[1]).toBe(`${rows[0]},0.000000`);
  });

  it('exits 2 with a message on bad arguments', () => {
    const missing = detect('--input', path.join(dir, 'nope.csv'), '--output', 'x.csv');
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('input file not found');
    const unknown = detect('--input', 'a.csv', '--output', 'b.csv', '--fast');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown option --fast');
    expect(unknown.stderr).toContain('usage: npm run detect');
  });

  it('exits 1 naming the line it cannot read', () => {
    const input = path.join(dir, 'bad.csv');
    fs.writeFileSync(input, 'timestamp,value\n2024-01-01 00:00:00,1\nnot-a-time,2\n');
    const run = detect('--input', input, '--output', path.join(dir, 'bad-out.csv'));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`${input}:3: cannot read timestamp "not-a-time"`);
  });
});
