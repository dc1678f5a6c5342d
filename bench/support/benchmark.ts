/** The contract between the runner and a benchmark module (bench/<name>/<name>.bench.ts). */

export interface BenchmarkResult {
  /** What the benchmark measures, snake_case with a unit: `request_rps_1_replica`, `p99_ms`. */
  readonly metrics: Record<string, number>;
  /** The same measurements for the thing we compare against (e.g. raw Redis round trips). */
  readonly baselines: Record<string, number>;
  /** metric / baseline, so results stay comparable across machines. */
  readonly ratios: Record<string, number>;
  /** Printed with the table, not stored in <name>.json. */
  readonly notes?: readonly string[];
  /**
   * Stored as bench/results/<storedAs>.json instead of the benchmark's name: a variant run (the
   * soak) must not replace the main run's numbers.
   */
  readonly storedAs?: string;
}

export interface BenchmarkContext {
  /** Started on first use, so a benchmark that needs no Redis never waits for infra. */
  redisUrl(): Promise<string>;
  /** MongoDB (MONGO_URL, else the local infra's), started on first use like Redis. */
  mongoUrl(): Promise<string>;
  /** Progress for the operator, on stderr so stdout stays the report. */
  progress(message: string): void;
  /**
   * Options given after a second `--` (`npm run bench -- system-load -- --soak 30m`): `--key
   * value` and `--key=value` as given, a bare `--flag` as "true".
   */
  readonly options: Readonly<Record<string, string>>;
}

/** Every benchmark module exports `run` of this type. */
export type Benchmark = (context: BenchmarkContext) => Promise<BenchmarkResult>;

/** The shape of bench/results/<name>.json; keep it stable, other tools diff these files. */
export interface StoredResult {
  readonly name: string;
  readonly machine: { readonly cpus: number; readonly node: string };
  readonly metrics: Record<string, number>;
  readonly baselines: Record<string, number>;
  readonly ratios: Record<string, number>;
}

export interface CrashedBenchmark {
  readonly name: string;
  readonly error: string;
}
