// `npm run detect -- --input FILE.csv --output OUT.csv`: scores every point of a NAB-layout
// series with the streaming detector (each point against the points before it) and writes
// timestamp,value,anomaly_score. Exit codes: 0 done, 1 unreadable data, 2 bad arguments.
import fs from 'node:fs';
import path from 'node:path';
import { AnomalyDetector } from '@vantage/anomaly';
import { DETECT_USAGE, parseDetectArgs } from './detect-args';
import { formatScoredCsv, NabCsvError, parseNabCsv } from './nab-csv';

function fail(code: number, message: string, usage = false): number {
  console.error(`detect: ${message}`);
  if (usage) console.error(DETECT_USAGE);
  return code;
}

function main(argv: readonly string[]): number {
  const parsed = parseDetectArgs(argv);
  if (parsed.kind === 'help') {
    console.log(DETECT_USAGE);
    return 0;
  }
  if (parsed.kind === 'error') return fail(2, parsed.message, true);
  const { input, output } = parsed.args;
  if (!fs.existsSync(input) || !fs.statSync(input).isFile()) {
    return fail(2, `input file not found: ${input}`, true);
  }
  const outputDir = path.dirname(path.resolve(output));
  if (!fs.existsSync(outputDir)) return fail(2, `output directory not found: ${outputDir}`, true);
  if (fs.existsSync(output) && fs.statSync(output).isDirectory()) {
    return fail(2, `output is a directory: ${output}`, true);
  }

  let rows;
  try {
    rows = parseNabCsv(fs.readFileSync(input, 'utf8'), input);
  } catch (error) {
    if (error instanceof NabCsvError) return fail(1, error.message);
    throw error;
  }
  const detector = new AnomalyDetector();
  const scores = rows.map((row) => detector.observe(row).score);
  fs.writeFileSync(output, formatScoredCsv(rows, scores));
  const invalid = rows.filter((row) => !Number.isFinite(row.value)).length;
  console.error(
    `detect: scored ${rows.length} points into ${output}${invalid > 0 ? ` (${invalid} without a numeric value, scored 0)` : ''}`,
  );
  return 0;
}

process.exitCode = main(process.argv.slice(2));
