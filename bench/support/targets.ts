// The capacity targets of issue 15 as one table, from the latest stored result of each
// benchmark (bench/results/<name>.json): `npm run bench` prints it after its own runs, so the
// table shows the benchmarks just run and, for the others, their last run and when it was.
import fs from 'node:fs';
import path from 'node:path';
import type { StoredResult } from './benchmark';

type Section = 'metrics' | 'baselines' | 'ratios';

export interface Target {
  readonly measure: string;
  readonly bench: string;
  readonly section: Section;
  readonly key: string;
  readonly comparison: 'at least' | 'below';
  readonly target: number;
  /** Printed after the value (" req/s", " ms"); ratios have none. */
  readonly unit?: string;
  /** A second condition on the same result, e.g. that the measured minute met the latency target. */
  readonly requires?: { readonly key: string; readonly equals: number; readonly why: string };
}

export const CAPACITY_TARGETS: readonly Target[] = [
  {
    measure: 'system-load best rate, p99 < 250 ms, < 1% errors, held 60 s',
    bench: 'system-load',
    section: 'metrics',
    key: 'rate_rps',
    comparison: 'at least',
    target: 500,
    unit: ' req/s',
    requires: { key: 'met_target', equals: 1, why: 'the 60 s hold missed p99/errors' },
  },
  {
    measure: '`dashboard/stats` p99 at that rate',
    bench: 'system-load',
    section: 'metrics',
    key: 'dashboard_stats_p99_ms',
    comparison: 'below',
    target: 50,
    unit: ' ms',
  },
  {
    measure: 'store share of CPU at that rate (cores)',
    bench: 'system-load',
    section: 'metrics',
    key: 'cpu_cores_store',
    comparison: 'below',
    target: 0.5,
  },
  {
    measure: 'transport requests/s vs Nest stock Redis transport',
    bench: 'transport',
    section: 'ratios',
    key: 'request_rps_1_replica_over_nest_redis_request_rps_1_replica',
    comparison: 'at least',
    target: 0.6,
  },
  {
    measure: 'gateway `/health/live` vs bare Fastify',
    bench: 'gateway',
    section: 'ratios',
    key: 'health_rps_over_bare_rps',
    comparison: 'at least',
    target: 0.7,
  },
  {
    measure: 'routed GET without database vs bare Fastify',
    bench: 'gateway',
    section: 'ratios',
    key: 'routed_rps_over_bare_rps',
    comparison: 'at least',
    target: 0.15,
  },
  {
    measure: 'ingest stored events/s',
    bench: 'ingest',
    section: 'metrics',
    key: 'stored_events_per_s',
    comparison: 'at least',
    target: 150_000,
    unit: ' events/s',
  },
  {
    measure: 'store CPU at rest, 2 min after loading 14 d x 100 event ids',
    bench: 'at-rest',
    section: 'metrics',
    key: 'store_cpu_percent_at_rest',
    comparison: 'below',
    target: 10,
    unit: '%',
  },
  {
    measure: 'soak at half the best rate: p99, RSS, store work flat',
    bench: 'system-load-soak',
    section: 'metrics',
    key: 'soak_flat',
    comparison: 'at least',
    target: 1,
  },
];

export interface TargetRow {
  readonly measure: string;
  readonly value: string;
  readonly target: string;
  readonly verdict: 'met' | 'MISSED' | 'not run';
  readonly measuredAt: string;
}

/** One row per target, from what bench/results holds now. */
export function evaluateTargets(resultsDir: string, targets = CAPACITY_TARGETS): TargetRow[] {
  return targets.map((target) => {
    const stored = readStored(resultsDir, target.bench);
    const wanted = `${target.comparison === 'below' ? '<' : '≥'} ${formatNumber(target.target)}${target.unit ?? ''}`;
    const value = stored?.result[target.section][target.key];
    if (stored === undefined || value === undefined) {
      return {
        measure: target.measure,
        value: '-',
        target: wanted,
        verdict: 'not run',
        measuredAt: '-',
      };
    }
    const inRange = target.comparison === 'below' ? value < target.target : value >= target.target;
    const required =
      target.requires === undefined ||
      stored.result.metrics[target.requires.key] === target.requires.equals;
    return {
      measure: target.measure,
      value:
        `${formatNumber(value)}${target.unit ?? ''}` +
        (required ? '' : ` (${target.requires?.why ?? 'condition missed'})`),
      target: wanted,
      verdict: inRange && required ? 'met' : 'MISSED',
      measuredAt: stored.at,
    };
  });
}

/** The rows as a Markdown table, as the closing note of the issue shows them. */
export function targetsMarkdown(rows: readonly TargetRow[]): string {
  return [
    '| measure | value | target | verdict | measured |',
    '| --- | ---: | --- | --- | --- |',
    ...rows.map(
      (r) => `| ${r.measure} | ${r.value} | ${r.target} | ${r.verdict} | ${r.measuredAt} |`,
    ),
  ].join('\n');
}

function readStored(
  resultsDir: string,
  bench: string,
): { result: StoredResult; at: string } | undefined {
  const file = path.join(resultsDir, `${bench}.json`);
  try {
    const result = JSON.parse(fs.readFileSync(file, 'utf8')) as StoredResult;
    return { result, at: fs.statSync(file).mtime.toISOString().slice(0, 16).replace('T', ' ') };
  } catch {
    return undefined;
  }
}

function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toLocaleString('en-US') : String(value);
}
