import fs from 'node:fs';
import path from 'node:path';
import { Benchmark } from './benchmark';

export interface BenchmarkEntry {
  readonly name: string;
  readonly file: string;
}

/** Every bench/<name>/<name>.bench.ts: adding a benchmark is adding its folder. */
export function discoverBenchmarks(benchDir: string): BenchmarkEntry[] {
  return fs
    .readdirSync(benchDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => ({
      name: entry.name,
      file: path.join(benchDir, entry.name, `${entry.name}.bench.ts`),
    }))
    .filter((entry) => fs.existsSync(entry.file))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Loaded only when selected, so one benchmark's imports never slow down another's run. */
export async function loadBenchmark(entry: BenchmarkEntry): Promise<Benchmark> {
  const loaded: unknown = await import(entry.file);
  if (typeof loaded === 'object' && loaded !== null && 'run' in loaded) {
    const { run } = loaded;
    if (typeof run === 'function') return run as Benchmark;
  }
  throw new Error(`${entry.file} does not export run(context)`);
}
