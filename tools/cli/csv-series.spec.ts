import { CsvFormatError, formatSeriesCsv, parseSeriesCsv, splitCsvLine } from './csv-series';

describe('parseSeriesCsv', () => {
  it('reads the M4 layout: header, quoted ids, quoted numbers, empty trailing cells', () => {
    const text = '"V1","V2","V3","V4"\n"H1","605","586","559"\n"H2","3.5","4",""\n';
    expect(parseSeriesCsv(text)).toEqual([
      { id: 'H1', values: [605, 586, 559] },
      { id: 'H2', values: [3.5, 4] },
    ]);
  });

  it('reads a file without a header, with CRLF line ends', () => {
    expect(parseSeriesCsv('a,1,2\r\nb,3,4\r\n')).toEqual([
      { id: 'a', values: [1, 2] },
      { id: 'b', values: [3, 4] },
    ]);
  });

  it('keeps empty and NA cells inside a series as missing points', () => {
    expect(parseSeriesCsv('id,v1,v2,v3,v4\nx,1,,NA,4\n')).toEqual([
      { id: 'x', values: [1, null, null, 4] },
    ]);
  });

  it('names the line and column of a value that is not a number', () => {
    expect(() => parseSeriesCsv('id,v1\nx,1\ny,abc\n')).toThrow(CsvFormatError);
    expect(() => parseSeriesCsv('id,v1\nx,1\ny,abc\n')).toThrow(
      'line 3, column 2: "abc" is not a number',
    );
  });

  it('splits quoted cells holding commas and doubled quotes', () => {
    expect(splitCsvLine('"a,b","say ""hi""",3')).toEqual(['a,b', 'say "hi"', '3']);
  });
});

describe('formatSeriesCsv', () => {
  it('writes an M4 submission layout that parses back', () => {
    const text = formatSeriesCsv([{ id: 'H1', values: [0.1 + 0.2, 2] }], 2);
    expect(text).toBe('"id","F1","F2"\n"H1",0.3,2\n');
    expect(parseSeriesCsv(text)).toEqual([{ id: 'H1', values: [0.3, 2] }]);
  });
});
