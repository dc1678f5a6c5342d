// The NAB file layout: a `timestamp,value` header, then one row per point. Timestamps are
// `YYYY-MM-DD HH:MM:SS[.ffffff]` in UTC as NAB writes them; ISO 8601 with an offset also works.

export interface NabRow {
  /** As written in the file, so output keeps the input's spelling. */
  readonly timestampText: string;
  /** Epoch milliseconds. */
  readonly timestamp: number;
  readonly valueText: string;
  /** NaN when the cell is empty or not a number; the detector reports such points as invalid. */
  readonly value: number;
}

export class NabCsvError extends Error {
  constructor(source: string, line: number, problem: string) {
    super(`${source}:${line}: ${problem}`);
    this.name = 'NabCsvError';
  }
}

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Epoch milliseconds of a NAB or ISO 8601 timestamp (UTC unless it says otherwise), or null. */
export function parseTimestamp(text: string): number | null {
  const match = TIMESTAMP.exec(text.trim());
  if (match === null) return null;
  const [, year, month, day, hour, minute, second, fraction, zone] = match;
  const millis = fraction === undefined ? 0 : Math.round(Number(fraction) * 1000);
  let epoch = Date.UTC(
    Number(year),
    Number(month) - 1,
    Number(day),
    Number(hour ?? 0),
    Number(minute ?? 0),
    Number(second ?? 0),
    millis,
  );
  if (zone !== undefined && zone.toUpperCase() !== 'Z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    epoch -= sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2))) * 60_000;
  }
  return Number.isFinite(epoch) ? epoch : null;
}

function cells(line: string): string[] {
  return line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1'));
}

export function parseNabCsv(text: string, source: string): NabRow[] {
  const lines = text.split(/\r?\n/);
  const headerAt = lines.findIndex((line) => line.trim() !== '');
  if (headerAt < 0)
    throw new NabCsvError(source, 1, 'empty file, expected a timestamp,value header');
  const header = cells((lines[headerAt] as string).replace(/^\uFEFF/, '')).map((cell) =>
    cell.toLowerCase(),
  );
  const timestampColumn = header.indexOf('timestamp');
  const valueColumn = header.indexOf('value');
  if (timestampColumn < 0 || valueColumn < 0) {
    throw new NabCsvError(
      source,
      headerAt + 1,
      'expected a header with timestamp and value columns',
    );
  }
  const rows: NabRow[] = [];
  for (let i = headerAt + 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line.trim() === '') continue;
    const row = cells(line);
    const timestampText = row[timestampColumn] ?? '';
    const timestamp = parseTimestamp(timestampText);
    if (timestamp === null) {
      throw new NabCsvError(source, i + 1, `cannot read timestamp "${timestampText}"`);
    }
    const valueText = row[valueColumn] ?? '';
    rows.push({
      timestampText,
      timestamp,
      valueText,
      value: valueText === '' ? NaN : Number(valueText),
    });
  }
  return rows;
}

/** Scores keep 6 decimals: enough to rank thresholds, short enough to read. */
export function formatScoredCsv(rows: readonly NabRow[], scores: readonly number[]): string {
  const lines = ['timestamp,value,anomaly_score'];
  rows.forEach((row, i) => {
    lines.push(`${row.timestampText},${row.valueText},${(scores[i] ?? 0).toFixed(6)}`);
  });
  return `${lines.join('\n')}\n`;
}
