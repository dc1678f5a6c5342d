// Command-line flags of `npm run forecast -- ...`.
import { MODEL_NAMES, ModelName } from '@vantage/forecasting';

export interface ForecastCliOptions {
  readonly input: string;
  readonly output: string;
  readonly horizon: number;
  /** Undefined: detected per series. */
  readonly season?: number;
  readonly model: 'auto' | ModelName;
  readonly levels: readonly number[];
}

export type ParsedArguments =
  { readonly help: true } | { readonly help: false; readonly options: ForecastCliOptions };

export const FORECAST_USAGE = `usage: npm run forecast -- --input FILE.csv --horizon H --output OUT.csv [options]

Forecasts every series of FILE.csv, one series per row in the M4 layout: a header row, then
"id",v1,v2,... (ids quoted or not; shorter series end in empty cells; an empty or NA cell inside
a series is a missing point).

Writes, in the same layout with a header "id","F1",...,"FH":
  OUT.csv          the point forecasts
  OUT.lo80.csv     lower bounds of the 80% prediction intervals   (one file per level and side:
  OUT.hi80.csv     upper bounds of the 80% prediction intervals    OUT.lo<L>.csv, OUT.hi<L>.csv)
  OUT.lo95.csv     lower bounds of the 95% prediction intervals
  OUT.hi95.csv     upper bounds of the 95% prediction intervals

  --input FILE       the series to forecast (required)
  --horizon H        steps to forecast, a whole number >= 1 (required)
  --output OUT.csv   where the point forecasts go (required); interval files sit beside it
  --season S         seasonal period in steps, e.g. 24 for hourly data (default: detected per
                     series; 1 means non-seasonal). A longer period (a week) is still detected.
  --model NAME       auto (default) or one of: ${MODEL_NAMES.join(', ')}
  --levels L1,L2     interval levels in percent (default 80,95)
  -h, --help         show this help

Exit codes: 0 done, 2 bad arguments or unreadable input, 1 anything else.`;

/** Thrown for anything the user can fix on the command line; the message says what. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const wholeNumber = (flag: string, value: string, minimum: number): number => {
  if (!/^\d+$/.test(value) || Number(value) < minimum) {
    throw new UsageError(`${flag} needs a whole number >= ${minimum} (got "${value}")`);
  }
  return Number(value);
};

function parseLevels(value: string): number[] {
  const levels = value.split(',').map((part) => Number(part.trim()));
  if (levels.length === 0 || levels.some((level) => !(level > 0 && level < 100))) {
    throw new UsageError(
      `--levels needs percentages between 0 and 100, e.g. 80,95 (got "${value}")`,
    );
  }
  return [...new Set(levels)];
}

function parseModel(value: string): 'auto' | ModelName {
  if (value === 'auto' || (MODEL_NAMES as readonly string[]).includes(value)) {
    return value as 'auto' | ModelName;
  }
  throw new UsageError(`--model must be auto or one of ${MODEL_NAMES.join(', ')} (got "${value}")`);
}

export function parseForecastArguments(argv: readonly string[]): ParsedArguments {
  const values = new Map<string, string>();
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--help' || arg === '-h') return { help: true };
    const [flag, inline] = arg.split(/=(.*)/s, 2) as [string, string | undefined];
    if (!['--input', '--output', '--horizon', '--season', '--model', '--levels'].includes(flag)) {
      throw new UsageError(`unknown argument "${arg}"`);
    }
    const value = inline ?? argv[++i];
    if (value === undefined || value.startsWith('--'))
      throw new UsageError(`${flag} needs a value`);
    if (values.has(flag)) throw new UsageError(`${flag} given twice`);
    values.set(flag, value);
  }
  const required = (flag: string): string => {
    const value = values.get(flag);
    if (value === undefined || value.trim() === '') throw new UsageError(`${flag} is required`);
    return value;
  };
  const input = required('--input');
  const output = required('--output');
  const horizon = wholeNumber('--horizon', required('--horizon'), 1);
  const seasonValue = values.get('--season');
  const season = seasonValue === undefined ? undefined : wholeNumber('--season', seasonValue, 1);
  const model = parseModel(values.get('--model') ?? 'auto');
  const levels = parseLevels(values.get('--levels') ?? '80,95');
  return { help: false, options: { input, output, horizon, season, model, levels } };
}

/** OUT.csv -> OUT.lo80.csv (or OUT -> OUT.lo80.csv when it has no .csv extension). */
export function intervalPath(output: string, side: 'lo' | 'hi', level: number): string {
  const base = output.toLowerCase().endsWith('.csv') ? output.slice(0, -4) : output;
  return `${base}.${side}${level}.csv`;
}
