import { CrashedBenchmark, StoredResult } from './benchmark';

type Row = readonly [kind: string, key: string, value: string];

function rows(result: StoredResult): Row[] {
  const section = (kind: string, values: Record<string, number>): Row[] =>
    Object.entries(values).map(([key, value]) => [kind, key, formatValue(value)]);
  return [
    ...section('metric', result.metrics),
    ...section('baseline', result.baselines),
    ...section('ratio', result.ratios),
  ];
}

/** Values arrive rounded; NaN (a ratio over a missing baseline) must read as missing, not 0. */
function formatValue(value: number): string {
  return Number.isFinite(value) ? String(value) : 'n/a';
}

/** Plain aligned columns for the terminal. */
export function consoleTable(result: StoredResult, notes: readonly string[] = []): string {
  const header: Row = ['kind', 'key', 'value'];
  const all = [header, ...rows(result)];
  const width = (column: 0 | 1): number => Math.max(...all.map((row) => row[column].length));
  const lines = all.map(
    ([kind, key, value]) => `  ${kind.padEnd(width(0))}  ${key.padEnd(width(1))}  ${value}`,
  );
  const { cpus, node } = result.machine;
  return [
    `${result.name} (${cpus} cpus, node ${node})`,
    ...lines,
    ...notes.map((note) => `  note: ${note}`),
  ].join('\n');
}

export function markdownReport(
  results: readonly StoredResult[],
  crashed: readonly CrashedBenchmark[],
  at: Date,
): string {
  const machine = results[0]?.machine;
  const lines = [
    '# Benchmark results',
    '',
    `Run at ${at.toISOString()}${machine ? ` on ${machine.cpus} CPUs, Node ${machine.node}` : ''}.`,
    '',
    '| benchmark | kind | key | value |',
    '| --- | --- | --- | ---: |',
    ...results.flatMap((result) =>
      rows(result).map(([kind, key, value]) => `| ${result.name} | ${kind} | ${key} | ${value} |`),
    ),
  ];
  if (crashed.length > 0) {
    lines.push('', '## Crashed', '', ...crashed.map(({ name, error }) => `- ${name}: ${error}`));
  }
  return `${lines.join('\n')}\n`;
}
