// Loads the M4 hourly train/test pairs from the shared data folder.
import fs from 'node:fs';
import path from 'node:path';
import { parseSeriesCsv } from '../../tools/cli/csv-series';

export interface M4Series {
  readonly id: string;
  readonly train: number[];
  readonly test: number[];
}

/** ../shared/data from the repository root, or VANTAGE_DATA_DIR. */
export function dataDirectory(): string {
  return process.env['VANTAGE_DATA_DIR'] ?? path.resolve(__dirname, '../../../shared/data');
}

export function loadM4Hourly(directory = path.join(dataDirectory(), 'm4-hourly')): M4Series[] {
  const read = (file: string) =>
    parseSeriesCsv(fs.readFileSync(path.join(directory, file), 'utf8'));
  const tests = new Map(read('test.csv').map((row) => [row.id, row.values]));
  return read('train.csv').map(({ id, values }) => {
    const test = tests.get(id);
    if (test === undefined) throw new Error(`${id} is in train.csv but not in test.csv`);
    const numbers = (cells: (number | null)[]): number[] =>
      cells.map((value) => {
        if (value === null) throw new Error(`${id} has a missing value; M4 series have none`);
        return value;
      });
    return { id, train: numbers(values), test: numbers(test) };
  });
}
