// The highest arrival rate the system takes within its latency target, found with short steps:
// double from a low rate until a step misses the target, then bisect between the last rate that
// met it and the first that did not, until the gap is small or the time budget is spent.

export interface StepVerdict {
  readonly rate: number;
  readonly p99Ms: number;
  /** Errors (non-2xx and no answer) over requests sent. */
  readonly errorRate: number;
  readonly passed: boolean;
}

export interface SearchOptions {
  readonly startRate: number;
  readonly minRate: number;
  /** No step starts when less than one step's time is left. */
  readonly budgetMs: number;
  readonly stepMs: number;
  /** Stop bisecting when the gap is under this fraction of the passing rate. */
  readonly resolution: number;
}

export interface SearchResult {
  /** The highest rate that met the target, or null when even minRate missed it. */
  readonly rate: number | null;
  readonly steps: readonly StepVerdict[];
}

export async function searchHighestRate(
  measureStep: (rate: number) => Promise<StepVerdict>,
  options: SearchOptions,
): Promise<SearchResult> {
  const steps: StepVerdict[] = [];
  const deadline = Date.now() + options.budgetMs;
  let highestPass: number | null = null;
  let lowestFail: number | null = null;
  let rate = options.startRate;

  while (Date.now() + options.stepMs <= deadline) {
    const verdict = await measureStep(rate);
    steps.push(verdict);
    if (verdict.passed) highestPass = Math.max(highestPass ?? 0, rate);
    else lowestFail = Math.min(lowestFail ?? Number.POSITIVE_INFINITY, rate);

    const next = nextRate(highestPass, lowestFail, options);
    if (next === null) break;
    rate = next;
  }
  return { rate: highestPass, steps };
}

function nextRate(
  highestPass: number | null,
  lowestFail: number | null,
  options: SearchOptions,
): number | null {
  if (lowestFail === null) return (highestPass ?? options.startRate) * 2;
  if (highestPass === null) {
    // Even the start rate missed: go down until one passes, but not below the floor.
    const lower = Math.floor(lowestFail / 2);
    return lower >= options.minRate ? lower : null;
  }
  if (lowestFail - highestPass <= Math.max(1, highestPass * options.resolution)) return null;
  return Math.round((highestPass + lowestFail) / 2);
}
