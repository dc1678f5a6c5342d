// The real traffic-monitor, from its build (dist/apps/traffic-monitor/main.js, as production runs
// it), on this run's own database and key prefix, so the run never meets another's data.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { BenchChild } from '../gateway/bench-child';
import { startAppChild } from '../support/app-child';

export interface TrafficMonitorChild {
  readonly child: BenchChild;
  /** Redis key prefix and MongoDB database of this run, for the cleanup. */
  readonly prefix: string;
  readonly database: string;
  /** The service's own peak resident set (VmHWM), in MiB; NaN once it has exited. */
  peakRssMb(): number;
  stop(): Promise<void>;
}

export async function startTrafficMonitor(options: {
  readonly root: string;
  readonly logFile: string;
  readonly redisUrl: string;
  readonly mongoUrl: string;
  /** Writes a V8 CPU profile of the service here when it exits (profiling runs only). */
  readonly cpuProfileDir?: string;
  /** Settings on top of (or instead of) the defaults below, e.g. a shorter alert interval. */
  readonly env?: Readonly<Record<string, string>>;
}): Promise<TrafficMonitorChild> {
  const id = randomBytes(4).toString('hex');
  const prefix = `bench-ingest-${id}`;
  const database = `bench_ingest_${id}`;
  const { child } = await startAppChild({
    app: 'traffic-monitor',
    root: options.root,
    logFile: options.logFile,
    redisUrl: options.redisUrl,
    mongoUrl: options.mongoUrl,
    database,
    prefix,
    nodeArgs: options.cpuProfileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`]
      : [],
    // No telemetry service runs here to receive them.
    env: { GOLDEN_SIGNALS_INTERVAL_MS: '0', ...options.env },
  });
  return {
    child,
    prefix,
    database,
    peakRssMb: () => (child.pid === undefined ? Number.NaN : peakRssMb(child.pid)),
    stop: () => child.stop(),
  };
}

/** VmHWM from /proc (Linux): the largest resident set the process has had. */
export function peakRssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/^VmHWM:\s+(\d+)\s+kB/m.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

export const TRAFFIC_MONITOR_LOG = (workDir: string): string =>
  path.join(workDir, 'traffic-monitor.log');
