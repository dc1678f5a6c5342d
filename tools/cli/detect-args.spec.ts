import { parseDetectArgs } from './detect-args';

describe('detect arguments', () => {
  it('takes an input and an output, spaced or with =', () => {
    expect(parseDetectArgs(['--input', 'a.csv', '--output=b.csv'])).toEqual({
      kind: 'run',
      args: { input: 'a.csv', output: 'b.csv' },
    });
  });

  it('asks for help', () => {
    expect(parseDetectArgs(['--help'])).toEqual({ kind: 'help' });
  });

  it.each([
    [[], 'missing --input and --output'],
    [['--input', 'a.csv'], 'missing --output'],
    [['--input', '--output', 'b.csv'], '--input needs a file path'],
    [['--input', 'a.csv', '--output', 'b.csv', '--seed', '1'], 'unknown option --seed'],
    [['--input', 'a.csv', '--input', 'c.csv', '--output', 'b.csv'], '--input given twice'],
    [['a.csv'], 'unexpected argument "a.csv"'],
    [['--output='], '--output needs a file path'],
  ])('rejects %j: %s', (argv, message) => {
    expect(parseDetectArgs(argv)).toEqual({ kind: 'error', message });
  });
});
