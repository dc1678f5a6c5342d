// `npm run forecast -- --input FILE.csv --horizon H --output OUT.csv`: forecasts every series of
// an M4-layout file and writes point forecasts and interval bounds beside each other.
import fs from 'node:fs';
import { ForecastInputError, forecast } from '@vantage/forecasting';
import { CsvFormatError, formatSeriesCsv, parseSeriesCsv } from './csv-series';
import {
  FORECAST_USAGE,
  ForecastCliOptions,
  UsageError,
  intervalPath,
  parseForecastArguments,
} from './forecast-options';

const EXIT_OK = 0;
const EXIT_FAILED = 1;
const EXIT_USAGE = 2;

interface Row {
  id: string;
  values: number[];
}

function readInput(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new UsageError(`cannot read --input ${file}: ${reason}`);
  }
}

function run(options: ForecastCliOptions): void {
  const rows = parseSeriesCsv(readInput(options.input));
  if (rows.length === 0) throw new UsageError(`${options.input} holds no series`);
  const points: Row[] = [];
  const bounds = new Map<string, Row[]>();
  const files = options.levels.flatMap((level) =>
    (['lo', 'hi'] as const).map((side) => ({
      side,
      level,
      path: intervalPath(options.output, side, level),
    })),
  );
  for (const file of files) bounds.set(file.path, []);
  const started = Date.now();
  for (const row of rows) {
    let result;
    try {
      result = forecast(row.values, {
        horizon: options.horizon,
        season: options.season,
        model: options.model,
        levels: options.levels,
      });
    } catch (error) {
      if (error instanceof ForecastInputError)
        throw new UsageError(`series ${row.id}: ${error.message}`);
      throw error;
    }
    points.push({ id: row.id, values: result.point });
    for (const file of files) {
      bounds.get(file.path)?.push({ id: row.id, values: result.intervals[file.level][file.side] });
    }
  }
  fs.writeFileSync(options.output, formatSeriesCsv(points, options.horizon));
  for (const [path, rowsOfFile] of bounds)
    fs.writeFileSync(path, formatSeriesCsv(rowsOfFile, options.horizon));
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(
    `forecast: ${rows.length} series, horizon ${options.horizon}, model ${options.model}, ${seconds} s -> ${options.output} and ${files.map((file) => file.path).join(', ')}`,
  );
}

function main(argv: readonly string[]): number {
  try {
    const parsed = parseForecastArguments(argv);
    if (parsed.help) {
      console.log(FORECAST_USAGE);
      return EXIT_OK;
    }
    run(parsed.options);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError || error instanceof CsvFormatError) {
      console.error(`forecast: ${error.message}\n(npm run forecast -- --help shows the usage)`);
      return EXIT_USAGE;
    }
    console.error(error);
    return EXIT_FAILED;
  }
}

process.exitCode = main(process.argv.slice(2));
