import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchmarkResult, CrashedBenchmark, StoredResult } from './benchmark';
import { markdownReport } from './report-format';

export function toStoredResult(name: string, result: BenchmarkResult): StoredResult {
  return {
    name,
    machine: { cpus: os.cpus().length, node: process.version },
    metrics: result.metrics,
    baselines: result.baselines,
    ratios: result.ratios,
  };
}

export function writeResult(resultsDir: string, result: StoredResult): void {
  writeFile(path.join(resultsDir, `${result.name}.json`), json(result));
}

/** latest.* describe this run only, so they never mix numbers from different runs. */
export function writeLatest(
  resultsDir: string,
  results: readonly StoredResult[],
  crashed: readonly CrashedBenchmark[],
): void {
  writeFile(path.join(resultsDir, 'latest.json'), json({ results, crashed }));
  writeFile(path.join(resultsDir, 'latest.md'), markdownReport(results, crashed, new Date()));
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

function writeFile(file: string, text: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}
