/**
 * Where a piece of formula text sits in the source: what every AST node and diagnostic carries,
 * so an editor can underline it.
 */
export interface SourceSpan {
  /** 0-based offset in UTF-16 code units (what JavaScript string indexes and editors use). */
  readonly offset: number;
  /** Length in UTF-16 code units; 0 for a position (e.g. the end of input). */
  readonly length: number;
  /** 1-based line; `\n`, `\r\n` and a lone `\r` each end a line. */
  readonly line: number;
  /** 1-based column in UTF-16 code units. */
  readonly column: number;
}

/** Turns offsets into line/column once per source, by binary search over line starts. */
export class SourceLocator {
  private readonly lineStarts: number[] = [0];

  constructor(readonly source: string) {
    for (let i = 0; i < source.length; i++) {
      const char = source[i];
      if (char === '\r' && source[i + 1] === '\n') continue;
      if (char === '\n' || char === '\r') this.lineStarts.push(i + 1);
    }
  }

  span(offset: number, length: number): SourceSpan {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { offset, length, line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  /** The span from the start of `first` to the end of `last`. */
  cover(first: SourceSpan, last: SourceSpan): SourceSpan {
    return this.span(first.offset, last.offset + last.length - first.offset);
  }
}
