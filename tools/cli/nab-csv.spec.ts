import { formatScoredCsv, NabCsvError, parseNabCsv, parseTimestamp } from './nab-csv';

describe('NAB CSV', () => {
  it('reads NAB timestamps as UTC, with or without fractions and offsets', () => {
    expect(parseTimestamp('2014-04-10 07:15:00')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('2014-04-10 07:15:00.000000')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('2014-04-10T07:15:00.250Z')).toBe(Date.UTC(2014, 3, 10, 7, 15, 0, 250));
    expect(parseTimestamp('2014-04-10T09:15:00+02:00')).toBe(Date.UTC(2014, 3, 10, 7, 15));
    expect(parseTimestamp('2014-04-10')).toBe(Date.UTC(2014, 3, 10));
    expect(parseTimestamp('10/04/2014')).toBeNull();
  });

  it('reads the rows under a timestamp,value header, keeping their spelling', () => {
    const rows = parseNabCsv(
      'timestamp,value\r\n2014-04-10 07:15:00,1.50\n\n2014-04-10 07:20:00,\n',
      'x',
    );
    expect(rows).toHaveLength(2);
    expect(rows[0]).toEqual({
      timestampText: '2014-04-10 07:15:00',
      timestamp: Date.UTC(2014, 3, 10, 7, 15),
      valueText: '1.50',
      value: 1.5,
    });
    expect(rows[1]?.value).toBeNaN();
  });

  it('names the file and line of what it cannot read', () => {
    expect(() => parseNabCsv('time,val\n', 'in.csv')).toThrow(NabCsvError);
    expect(() =>
      parseNabCsv('timestamp,value\n2014-04-10 07:15:00,1\nyesterday,2\n', 'in.csv'),
    ).toThrow('in.csv:3: cannot read timestamp "yesterday"');
    expect(() => parseNabCsv('', 'in.csv')).toThrow(/empty file/);
  });

  it('writes timestamp,value,anomaly_score', () => {
    const rows = parseNabCsv('timestamp,value\n2014-04-10 07:15:00,1.50\n', 'x');
    expect(formatScoredCsv(rows, [0.25])).toBe(
      'timestamp,value,anomaly_score\n2014-04-10 07:15:00,1.50,0.250000\n',
    );
  });
});
