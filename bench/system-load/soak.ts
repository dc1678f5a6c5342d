// The soak (`npm run bench -- system-load -- --soak 30m`): the mix at half the best rate for a
// long time, in one-minute windows, to show what a short run cannot: latency that creeps up as
// collections grow, memory that never comes back, store work per request that rises with the
// data (a scan hidden behind a small collection at the start).
import { percentile, round3 } from '../support/stats';
import { watchStoreCpu } from '../store/store-cpu';
import type { OpenLoopResult } from './open-loop';

export const SOAK_WINDOW_MS = 60_000;
/** The issue's comparison: the first and the last five minutes. */
const COMPARED_MS = 5 * 60_000;
/** "Flat": the last stretch within 20% of the first. */
export const FLAT_TOLERANCE = 0.2;

export interface SoakProcess {
  readonly name: string;
  readonly pid: number | null;
  readonly rssBytes: number | null;
}

export interface SoakWindow {
  readonly index: number;
  readonly latenciesMs: readonly number[];
  readonly requests: number;
  readonly errors: number;
  /** Cores the store (FerretDB and, on PostgreSQL, every postgres process) used in the window. */
  readonly storeCores: number;
  readonly rssBytes: Readonly<Record<string, number>>;
}

export interface SoakOptions {
  readonly durationMs: number;
  readonly load: (durationMs: number) => Promise<OpenLoopResult>;
  readonly processes: () => readonly SoakProcess[];
  readonly onWindow: (window: SoakWindow) => void;
}

/** Runs the load window after window until the duration is spent. */
export async function runSoak(options: SoakOptions): Promise<SoakWindow[]> {
  const windows: SoakWindow[] = [];
  const count = Math.max(2, Math.round(options.durationMs / SOAK_WINDOW_MS));
  for (let index = 0; index < count; index++) {
    const stopStoreCpu = watchStoreCpu(options.processes());
    const result = await options.load(SOAK_WINDOW_MS);
    const storeCores = stopStoreCpu();
    const rssBytes: Record<string, number> = {};
    for (const proc of options.processes()) {
      if (proc.rssBytes !== null) rssBytes[proc.name] = proc.rssBytes;
    }
    const window: SoakWindow = {
      index,
      latenciesMs: result.latenciesMs,
      requests: result.scheduled,
      errors: result.errors,
      storeCores: round3(storeCores),
      rssBytes,
    };
    windows.push(window);
    options.onWindow(window);
  }
  return windows;
}

export interface SoakVerdict {
  readonly metrics: Record<string, number>;
  readonly notes: string[];
}

/** First against last stretch: p99, store CPU per request, and every process's memory. */
export function judgeSoak(windows: readonly SoakWindow[]): SoakVerdict {
  const stretch = Math.max(
    1,
    Math.min(COMPARED_MS / SOAK_WINDOW_MS, Math.floor(windows.length / 3)),
  );
  const first = windows.slice(0, stretch);
  const last = windows.slice(-stretch);
  const p99 = (group: readonly SoakWindow[]): number =>
    percentile(
      group.flatMap((w) => w.latenciesMs).sort((a, b) => a - b),
      99,
    );
  // Store CPU seconds per thousand requests: rises when a query's work grows with the data.
  const storePerKilo = (group: readonly SoakWindow[]): number => {
    const requests = group.reduce((sum, w) => sum + w.requests, 0);
    const seconds = group.reduce((sum, w) => sum + w.storeCores * (SOAK_WINDOW_MS / 1000), 0);
    return requests === 0 ? 0 : (seconds / requests) * 1000;
  };
  const firstP99 = p99(first);
  const lastP99 = p99(last);
  const firstStore = storePerKilo(first);
  const lastStore = storePerKilo(last);
  const rssGrowth = rssGrowthByProcess(first, last);
  const worstRss = Math.max(0, ...Object.values(rssGrowth));
  const requests = windows.reduce((sum, w) => sum + w.requests, 0);
  const errors = windows.reduce((sum, w) => sum + w.errors, 0);
  const metrics: Record<string, number> = {
    soak_windows: windows.length,
    soak_requests: requests,
    soak_errors: errors,
    soak_first_p99_ms: round3(firstP99),
    soak_last_p99_ms: round3(lastP99),
    soak_p99_last_over_first: round3(lastP99 / firstP99),
    soak_store_cpu_s_per_1k_first: round3(firstStore),
    soak_store_cpu_s_per_1k_last: round3(lastStore),
    soak_worst_rss_growth: round3(worstRss),
  };
  const flat = (ratio: number): boolean => ratio <= 1 + FLAT_TOLERANCE;
  const p99Flat = flat(lastP99 / firstP99);
  const storeFlat = firstStore === 0 || flat(lastStore / firstStore);
  const rssFlat = flat(1 + worstRss);
  metrics['soak_flat'] = p99Flat && storeFlat && rssFlat ? 1 : 0;
  const minutes = `${stretch} min`;
  const notes = [
    `soak: ${windows.length} windows of ${SOAK_WINDOW_MS / 1000} s, ${requests} requests, ${errors} errors; ` +
      `first vs last ${minutes}:`,
    `  p99 ${firstP99.toFixed(1)} -> ${lastP99.toFixed(1)} ms (${p99Flat ? 'flat' : 'GREW'} within ${FLAT_TOLERANCE * 100}%)`,
    `  store CPU per 1000 requests ${firstStore.toFixed(3)} -> ${lastStore.toFixed(3)} s ` +
      `(${storeFlat ? 'flat: no scan growing with the data' : 'GREW: some query works harder as data grows'})`,
    `  RSS growth by process: ${Object.entries(rssGrowth)
      .map(([name, growth]) => `${name} ${(growth * 100).toFixed(1)}%`)
      .join(', ')} (${rssFlat ? 'flat' : 'GREW'})`,
    `  p99 by window (ms): ${windows
      .map((w) =>
        percentile(
          [...w.latenciesMs].sort((a, b) => a - b),
          99,
        ).toFixed(0),
      )
      .join(' ')}`,
  ];
  return { metrics, notes };
}

/** Mean RSS of the last stretch over the first, minus one, by process. */
function rssGrowthByProcess(
  first: readonly SoakWindow[],
  last: readonly SoakWindow[],
): Record<string, number> {
  const mean = (group: readonly SoakWindow[], name: string): number | null => {
    const values = group.flatMap((w) => (w.rssBytes[name] === undefined ? [] : [w.rssBytes[name]]));
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
  };
  const growth: Record<string, number> = {};
  for (const name of Object.keys(last[last.length - 1]?.rssBytes ?? {})) {
    const before = mean(first, name);
    const after = mean(last, name);
    if (before !== null && after !== null && before > 0) growth[name] = after / before - 1;
  }
  return growth;
}

/** "30m", "90s", "1h", or a number of minutes. */
export function parseDuration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|[smh])?$/.exec(text.trim());
  if (!match) throw new Error(`bench: cannot read the duration "${text}" (try 30m, 90s or 1h)`);
  const value = Number(match[1]);
  const unit = match[2] ?? 'm';
  const scale = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[unit] as number;
  return value * scale;
}
