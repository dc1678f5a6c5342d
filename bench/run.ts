// `npm run bench [-- <name>...]`: runs the selected benchmarks (all by default) one after the
// other, writes bench/results/<name>.json, latest.json and latest.md, and prints a table each.
import path from 'node:path';
import { CrashedBenchmark, StoredResult } from './support/benchmark';
import { discoverBenchmarks, loadBenchmark } from './support/discover-benchmarks';
import { parseArgs } from './support/bench-args';
import { BenchInfra } from './support/infra';
import { consoleTable } from './support/report-format';
import { toStoredResult, writeLatest, writeResult } from './support/result-files';
import { evaluateTargets, targetsMarkdown } from './support/targets';

const BENCH_DIR = __dirname;
const RESULTS_DIR = path.join(BENCH_DIR, 'results');

const progress = (message: string): void => {
  process.stderr.write(`bench: ${message}\n`);
};

async function main(args: readonly string[]): Promise<number> {
  const { names: requested, options } = parseArgs(args);
  const available = discoverBenchmarks(BENCH_DIR);
  const unknown = requested.filter((name) => !available.some((entry) => entry.name === name));
  if (unknown.length > 0) {
    console.error(
      `unknown benchmark ${unknown.join(', ')}; available: ${available.map((e) => e.name).join(', ')}`,
    );
    return 2;
  }
  const selected =
    requested.length === 0 ? available : available.filter((e) => requested.includes(e.name));

  const infra = new BenchInfra(progress);
  const results: StoredResult[] = [];
  const crashed: CrashedBenchmark[] = [];
  try {
    for (const entry of selected) {
      progress(`running ${entry.name}`);
      try {
        const run = await loadBenchmark(entry);
        const result = await run({
          redisUrl: () => infra.redisUrl(),
          mongoUrl: () => infra.mongoUrl(),
          progress,
          options,
        });
        const stored = toStoredResult(result.storedAs ?? entry.name, result);
        writeResult(RESULTS_DIR, stored);
        results.push(stored);
        console.log(`\n${consoleTable(stored, result.notes)}\n`);
      } catch (error) {
        // One crash must not hide the other benchmarks' numbers: record it and go on.
        const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
        console.error(`benchmark ${entry.name} crashed: ${message}`);
        crashed.push({ name: entry.name, error: firstLine(message) });
      }
    }
  } finally {
    await infra.release();
  }
  writeLatest(RESULTS_DIR, results, crashed);
  // The capacity targets from every benchmark's latest stored result (this run's and earlier).
  console.log(
    `\nCapacity targets (issue 15)\n\n${targetsMarkdown(evaluateTargets(RESULTS_DIR))}\n`,
  );
  progress(`results in ${path.relative(process.cwd(), RESULTS_DIR) || '.'}/`);
  return crashed.length > 0 ? 1 : 0;
}

function firstLine(text: string): string {
  return text.split('\n', 1)[0] ?? text;
}

main(process.argv.slice(2)).then(
  // Exit explicitly: a crashed benchmark may leave a socket or timer that would keep us alive.
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
