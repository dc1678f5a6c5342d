// Runs Schemathesis (the pinned install of tools/schemathesis/install.sh) against a running
// gateway's /docs-json and reads its JSON report: an independent fuzzer beside the suite's own
// bad-input generator, with every check Schemathesis has and its stateful phase.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..', '..', '..');
export const SCHEMATHESIS_BIN = path.join(REPO_ROOT, '.infra', 'schemathesis', 'venv', 'bin', 'st');
const CONFIG_FILE = path.join(REPO_ROOT, 'apps', 'system-e2e', 'schemathesis.toml');

export interface SchemathesisOptions {
  /** Where the gateway is reached; /docs-json is read from there too. */
  readonly baseUrl: string;
  readonly accessToken: string;
  readonly apiKey: string;
  /** Test cases per operation and phase for every operation; schemathesis.toml's otherwise. */
  readonly maxExamples?: number;
  readonly seed: string;
  readonly workers: number;
  /** Reports and the console output go here. */
  readonly outputDir: string;
}

export interface SchemathesisFailure {
  readonly code: string;
  readonly title: string;
  readonly count: number;
  readonly operations: readonly string[];
}

/** The parts of Schemathesis' JSON run report (`--report json`) this suite reads. */
export interface SchemathesisReport {
  readonly schemathesis_version: string;
  readonly seed: number | string;
  readonly running_time: number;
  readonly complete: boolean;
  readonly operations: {
    readonly total: number;
    readonly selected: number;
    readonly tested: number;
    readonly errored: number;
    readonly skipped: number;
  };
  readonly phases: Readonly<Record<string, { readonly status: string }>>;
  readonly test_cases: {
    readonly generated: number;
    readonly with_failures: number;
    readonly unique_failures: number;
    readonly errored: number;
  };
  readonly failures: readonly SchemathesisFailure[];
  readonly errors: readonly unknown[];
  readonly warnings: Readonly<Record<string, readonly string[]>>;
}

export interface SchemathesisRun {
  readonly exitCode: number | null;
  readonly report: SchemathesisReport | null;
  /** Schemathesis' console output: failures with a curl line to reproduce each. */
  readonly consoleFile: string;
}

export function schemathesisArgs(options: SchemathesisOptions, reportFile: string): string[] {
  return [
    '--config-file',
    CONFIG_FILE,
    'run',
    `${options.baseUrl}/docs-json`,
    '--phases',
    'examples,coverage,fuzzing,stateful',
    ...(options.maxExamples !== undefined ? ['--max-examples', String(options.maxExamples)] : []),
    '--seed',
    options.seed,
    '--workers',
    String(options.workers),
    '--request-timeout',
    '30',
    '--wait-for-schema',
    '30',
    // Nothing is kept between runs (Hypothesis would otherwise write .hypothesis/ into the cwd).
    '--generation-database',
    'none',
    '--no-color',
    '--report',
    'json,junit',
    '--report-json-path',
    reportFile,
    '--report-junit-path',
    path.join(options.outputDir, 'schemathesis-junit.xml'),
  ];
}

export async function runSchemathesis(options: SchemathesisOptions): Promise<SchemathesisRun> {
  if (!fs.existsSync(SCHEMATHESIS_BIN))
    throw new Error(
      `${SCHEMATHESIS_BIN} is missing: run tools/schemathesis/install.sh (CI does, in .ci/run)`,
    );
  fs.mkdirSync(options.outputDir, { recursive: true });
  const reportFile = path.join(options.outputDir, 'schemathesis-report.json');
  const consoleFile = path.join(options.outputDir, 'schemathesis-console.txt');
  fs.rmSync(reportFile, { force: true });
  const output = fs.openSync(consoleFile, 'w');
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(SCHEMATHESIS_BIN, schemathesisArgs(options, reportFile), {
      cwd: options.outputDir,
      env: {
        ...process.env,
        VANTAGE_ACCESS_TOKEN: options.accessToken,
        VANTAGE_API_KEY: options.apiKey,
        PYTHONDONTWRITEBYTECODE: '1',
      },
      stdio: ['ignore', output, output],
    });
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  }).finally(() => fs.closeSync(output));
  return { exitCode, report: readReport(reportFile), consoleFile };
}

function readReport(file: string): SchemathesisReport | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as SchemathesisReport;
  } catch {
    return null;
  }
}

/** One line per failure kind with the operations it was seen on, for a test's message. */
export function describeFailures(report: SchemathesisReport): string[] {
  return report.failures.map(
    (f) => `${f.code} ${f.title} (${f.count}): ${f.operations.join(', ')}`,
  );
}

/** The "FAILURES" part of the console output: each failure with its curl reproduction. */
export function failureDetails(consoleFile: string, maxChars = 20_000): string {
  const text = fs.existsSync(consoleFile) ? fs.readFileSync(consoleFile, 'utf8') : '';
  const start = text.indexOf('FAILURES');
  const end = text.indexOf('SUMMARY');
  const section = start >= 0 ? text.slice(start, end > start ? end : undefined) : text;
  return section.length > maxChars ? `${section.slice(0, maxChars)}\n…` : section;
}
