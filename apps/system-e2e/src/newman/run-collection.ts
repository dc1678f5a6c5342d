// Runs the Postman monitor collection (deploy/postman/) with newman, the way a Postman monitor or
// a CI job would, and sums up what failed so a test can show it in one readable message.
import fs from 'node:fs';
import path from 'node:path';
import newman, { type NewmanRunFailure, type NewmanRunSummary } from 'newman';

const POSTMAN_DIR = path.resolve(__dirname, '../../../../deploy/postman');
export const COLLECTION_FILE = path.join(POSTMAN_DIR, 'vantage.postman_collection.json');
export const ENVIRONMENT_FILE = path.join(POSTMAN_DIR, 'vantage.postman_environment.json');

/** The monitor settings; they override the placeholders of the environment file. */
export interface MonitorSettings {
  readonly baseUrl: string;
  /** Multiplies every response-time budget of the collection (1: as a monitor runs it). */
  readonly latencyScale?: number;
  /** A key with the `ingest` and `read` scopes. */
  readonly apiKey: string;
  /** A member with the admin role or above (invoices are for people only). */
  readonly email: string;
  readonly password: string;
}

export interface CollectionRunOptions {
  /** Where the JUnit report goes (its folder is created). */
  readonly junitFile: string;
  /** Also print newman's own report to stdout. */
  readonly cliReport?: boolean;
  /** Per-request timeout, so a hung request fails its item instead of the whole test. */
  readonly requestTimeoutMs?: number;
}

export interface CollectionFailure {
  /** Folder / request, as in the collection. */
  readonly item: string;
  /** The pm.test name, or the script event for an error outside any test. */
  readonly assertion: string;
  readonly message: string;
}

export interface CollectionRunSummary {
  readonly requests: number;
  readonly assertions: { readonly total: number; readonly failed: number };
  readonly failures: readonly CollectionFailure[];
  /** Set when newman could not run the collection at all (bad file, unreachable host). */
  readonly runError: string | null;
  readonly junitFile: string;
}

export function runCollection(
  settings: MonitorSettings,
  options: CollectionRunOptions,
): Promise<CollectionRunSummary> {
  fs.mkdirSync(path.dirname(options.junitFile), { recursive: true });
  return new Promise((resolve, reject) => {
    newman.run(
      {
        collection: COLLECTION_FILE,
        environment: ENVIRONMENT_FILE,
        envVar: [
          { key: 'baseUrl', value: settings.baseUrl.replace(/(?<!\/)\/+$/, '') },
          { key: 'apiKey', value: settings.apiKey },
          { key: 'email', value: settings.email },
          { key: 'password', value: settings.password },
          // The budgets are a real monitor's; a shared CI machine gets five times as long, so
          // that only a real slowdown (not a noisy neighbour) fails the suite.
          { key: 'latencyScale', value: String(settings.latencyScale ?? 5) },
        ],
        reporters: options.cliReport === false ? ['junit'] : ['cli', 'junit'],
        reporter: { junit: { export: options.junitFile } },
        timeoutRequest: options.requestTimeoutMs ?? 30_000,
        color: 'off',
      },
      (error, summary) => {
        if (error && !summary) {
          reject(error);
          return;
        }
        resolve(summarise(summary, options.junitFile, error));
      },
    );
  });
}

function summarise(
  summary: NewmanRunSummary,
  junitFile: string,
  error: Error | null,
): CollectionRunSummary {
  const { stats, failures } = summary.run;
  const runError = error ?? (summary.error as Error | undefined);
  return {
    requests: stats.requests.total ?? 0,
    assertions: { total: stats.assertions.total ?? 0, failed: stats.assertions.failed ?? 0 },
    failures: failures.map(describeFailure),
    runError: runError ? String(runError.message ?? runError) : null,
    junitFile,
  };
}

function describeFailure(failure: NewmanRunFailure): CollectionFailure {
  return {
    item: itemPath(failure.source) ?? '(collection)',
    assertion: failure.error.test || failure.at,
    message: failure.error.message,
  };
}

/** "Folder / Request" from an item and its parents (the collection itself is left out). */
function itemPath(source: NewmanRunFailure['source']): string | null {
  if (!source) return null;
  const names: string[] = [];
  for (let node: unknown = source; isNamed(node); node = node.parent()) {
    if (node.parent() === undefined) break;
    names.unshift(node.name);
  }
  return names.length > 0 ? names.join(' / ') : source.name;
}

interface NamedNode {
  readonly name: string;
  parent(): unknown;
}

function isNamed(node: unknown): node is NamedNode {
  return (
    typeof node === 'object' &&
    node !== null &&
    typeof (node as { name?: unknown }).name === 'string' &&
    typeof (node as { parent?: unknown }).parent === 'function'
  );
}

/** One line per failure, for a test's failure message. */
export function formatFailures(summary: CollectionRunSummary): string {
  const lines = summary.failures.map(
    (f, i) => `${i + 1}. ${f.item} — ${f.assertion}: ${f.message.replace(/\s+/g, ' ')}`,
  );
  if (summary.runError) lines.unshift(`newman: ${summary.runError}`);
  return lines.join('\n');
}
