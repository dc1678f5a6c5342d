import type { DestinationStream } from 'pino';

/** A parsed log line; the fields our loggers always write are typed, the rest are unknown. */
export interface CapturedLogLine {
  readonly level: string;
  readonly msg?: string;
  readonly service?: string;
  readonly requestId?: string;
  readonly [field: string]: unknown;
}

export interface LogCapture {
  /** Give this to `createLogger({ destination })`. */
  readonly destination: DestinationStream;
  /** Every line written so far, parsed. */
  readonly lines: readonly CapturedLogLine[];
  /** Every line written so far, as written, for "this secret appears nowhere" assertions. */
  readonly raw: readonly string[];
  find(predicate: (line: CapturedLogLine) => boolean): CapturedLogLine | undefined;
  filter(predicate: (line: CapturedLogLine) => boolean): CapturedLogLine[];
  clear(): void;
}

/** Collects what a pino logger writes, so tests assert on fields rather than on stdout. */
export function captureLogs(): LogCapture {
  const lines: CapturedLogLine[] = [];
  const raw: string[] = [];
  const destination: DestinationStream = {
    write(chunk: string): void {
      for (const text of chunk.split('\n')) {
        if (text.trim() === '') continue;
        raw.push(text);
        lines.push(JSON.parse(text) as CapturedLogLine);
      }
    },
  };
  return {
    destination,
    lines,
    raw,
    find: (predicate) => lines.find(predicate),
    filter: (predicate) => lines.filter(predicate),
    clear: () => {
      lines.length = 0;
      raw.length = 0;
    },
  };
}
