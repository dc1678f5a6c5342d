import { performance } from 'node:perf_hooks';

export interface ClosedLoopOptions {
  /** Operations kept in flight: each worker starts the next one when its last one returns. */
  readonly concurrency: number;
  /** Stop starting operations after this long... */
  readonly durationMs: number;
  /** ...or after this many, whichever comes first. */
  readonly maxOps: number;
}

export interface ClosedLoopResult {
  readonly ops: number;
  readonly elapsedMs: number;
  readonly opsPerSecond: number;
  readonly latenciesMs: readonly number[];
}

/**
 * Drives `operation` at a fixed concurrency and times every call. Closed loop on purpose: the
 * load adapts to the system, so throughput is what it sustains, not what we pushed at it.
 * A failing operation fails the run: a benchmark that hides errors reports fiction.
 */
export async function runClosedLoop(
  operation: () => Promise<unknown>,
  options: ClosedLoopOptions,
): Promise<ClosedLoopResult> {
  const latenciesMs: number[] = [];
  let started = 0;
  const begin = performance.now();
  const deadline = begin + options.durationMs;

  const worker = async (): Promise<void> => {
    while (started < options.maxOps && performance.now() < deadline) {
      started += 1;
      const t0 = performance.now();
      await operation();
      latenciesMs.push(performance.now() - t0);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency }, worker));

  const elapsedMs = performance.now() - begin;
  return {
    ops: latenciesMs.length,
    elapsedMs,
    opsPerSecond: (latenciesMs.length * 1000) / elapsedMs,
    latenciesMs,
  };
}
