// The fuzzer's settings are part of what CI proves: every check on for every operation, except
// where a comment names the rule the document cannot carry, and the pinned Schemathesis release.
import fs from 'node:fs';
import path from 'node:path';
import { schemathesisArgs } from './run-schemathesis';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const settings = fs.readFileSync(
  path.join(REPO_ROOT, 'apps', 'system-e2e', 'schemathesis.toml'),
  'utf8',
);
const requirements = fs.readFileSync(
  path.join(REPO_ROOT, 'tools', 'schemathesis', 'requirements.txt'),
  'utf8',
);

interface Section {
  readonly header: string;
  readonly lines: readonly string[];
  /** The comment lines just above the header. */
  readonly comment: readonly string[];
}

function sections(text: string): Section[] {
  const result: Section[] = [];
  let comment: string[] = [];
  let current: { header: string; lines: string[]; comment: string[] } | null = null;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line.startsWith('[')) {
      current = { header: line, lines: [], comment };
      result.push(current);
      comment = [];
    } else if (line.startsWith('#')) comment.push(line);
    else if (line === '') comment = [];
    else current?.lines.push(line);
  }
  return result;
}

describe('Schemathesis settings', () => {
  it('pins Schemathesis 4.32', () => {
    expect(requirements).toMatch(/^schemathesis==4\.32\.\d+$/m);
  });

  it('runs every phase', () => {
    const args = schemathesisArgs(
      {
        baseUrl: 'http://x',
        accessToken: 't',
        apiKey: 'k',
        seed: '1',
        workers: 1,
        outputDir: '/tmp',
      },
      '/tmp/report.json',
    );
    expect(args[args.indexOf('--phases') + 1]).toBe('examples,coverage,fuzzing,stateful');
  });

  it('turns every check on for the whole document', () => {
    const all = sections(settings);
    expect(all.find((s) => s.header === '[checks]')?.lines).toContain('enabled = true');
    const offEverywhere = all
      .filter((s) => s.header.startsWith('[checks.') && s.lines.includes('enabled = false'))
      .map((s) => s.header);
    expect(offEverywhere).toEqual([]);
  });

  it('says why wherever a check, phase or example count is lowered for some operations', () => {
    const unexplained = sections(settings)
      .filter((s) => s.header === '[[operations]]')
      .filter((s) => s.lines.some((l) => /enabled = false|max-examples/.test(l)))
      .filter((s) => s.comment.length === 0)
      .map((s) => s.lines.join(' '));
    expect(unexplained).toEqual([]);
  });
});
