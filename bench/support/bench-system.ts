// The whole system booted for a benchmark (VantageSystem, as the e2e suite boots it), in a work dir
// of its own that is removed afterwards unless BENCH_SYSTEM_KEEP=1 asks to keep the apps' logs.
import fs from 'node:fs';
import path from 'node:path';
import { VantageSystem } from '../../tools/e2e/system';
import type { BenchmarkContext } from './benchmark';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** A per-minute limit or allowance at the configuration's maximum. */
export const UNLIMITED = String(10_000_000);

export interface BenchSystemOptions {
  /** Names the work dir under .infra: `<name>-<pid>`. */
  readonly name: string;
  readonly replicas: number;
  readonly env: Readonly<Record<string, string>>;
}

/**
 * Starts the system (building the apps unless BENCH_SYSTEM_SKIP_BUILD=1), runs `measure` against
 * it, and stops it whatever `measure` does.
 */
export async function withBenchSystem<T>(
  context: BenchmarkContext,
  options: BenchSystemOptions,
  measure: (system: VantageSystem, workDir: string) => Promise<T>,
): Promise<T> {
  const workDir = path.join(REPO_ROOT, '.infra', `${options.name}-${process.pid}`);
  const system = await VantageSystem.start({
    replicas: options.replicas,
    workDir,
    env: options.env,
    progress: context.progress,
    skipBuild: process.env['BENCH_SYSTEM_SKIP_BUILD'] === '1',
  });
  try {
    return await measure(system, workDir);
  } finally {
    context.progress('stopping the system');
    await system.stop();
    if (process.env['BENCH_SYSTEM_KEEP'] === '1') context.progress(`logs kept in ${workDir}`);
    else fs.rmSync(workDir, { recursive: true, force: true });
  }
}
