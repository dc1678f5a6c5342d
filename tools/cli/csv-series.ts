// Reads and writes the M4 layout: a header row, then one series per row as `id,v1,v2,...`, ids
// quoted or not, shorter series padded with empty trailing cells. An empty or `NA` cell inside a
// series is a missing point.

export interface SeriesRow {
  readonly id: string;
  readonly values: (number | null)[];
}

export class CsvFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CsvFormatError';
  }
}

/** Splits one CSV line, honouring double quotes and doubled quotes inside them. */
export function splitCsvLine(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        cell += char;
      }
    } else if (char === '"') {
      quoted = true;
    } else if (char === ',') {
      cells.push(cell);
      cell = '';
    } else {
      cell += char;
    }
  }
  cells.push(cell);
  return cells;
}

const MISSING = new Set(['', 'NA', 'NaN', 'null']);

/**
 * Parses the whole file. The first row is a header unless its second cell is a number (so a
 * headerless file works too). Throws CsvFormatError naming the line of a malformed value.
 */
export function parseSeriesCsv(text: string): SeriesRow[] {
  const lines = text.split(/\r?\n/);
  const rows: SeriesRow[] = [];
  lines.forEach((line, index) => {
    if (line.trim() === '') return;
    const cells = splitCsvLine(line);
    if (index === 0 && !isNumeric(cells[1] ?? '')) return;
    const id = cells[0].trim();
    if (id === '') throw new CsvFormatError(`line ${index + 1}: the first cell (the id) is empty`);
    let last = cells.length - 1;
    while (last > 0 && cells[last].trim() === '') last--;
    const values = cells.slice(1, last + 1).map((raw, column) => {
      const cell = raw.trim();
      if (MISSING.has(cell)) return null;
      if (!isNumeric(cell)) {
        throw new CsvFormatError(
          `line ${index + 1}, column ${column + 2}: "${cell}" is not a number`,
        );
      }
      return Number(cell);
    });
    rows.push({ id, values });
  });
  return rows;
}

function isNumeric(cell: string): boolean {
  const trimmed = cell.trim();
  return trimmed !== '' && Number.isFinite(Number(trimmed));
}

function quote(cell: string): string {
  return `"${cell.replace(/"/g, '""')}"`;
}

/** One row per id with `columns` values named `F1..Fcolumns`, ids quoted as in M4. */
export function formatSeriesCsv(
  rows: readonly { id: string; values: readonly number[] }[],
  columns: number,
): string {
  const header = ['id', ...Array.from({ length: columns }, (_, i) => `F${i + 1}`)].map(quote);
  const lines = [header.join(',')];
  for (const row of rows) lines.push([quote(row.id), ...row.values.map(formatNumber)].join(','));
  return `${lines.join('\n')}\n`;
}

/** Enough digits for any forecast, without binary noise like 0.30000000000000004. */
function formatNumber(value: number): string {
  return String(Number(value.toPrecision(10)));
}
