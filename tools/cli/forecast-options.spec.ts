import { UsageError, intervalPath, parseForecastArguments } from './forecast-options';

const required = ['--input', 'in.csv', '--horizon', '48', '--output', 'out.csv'];

describe('parseForecastArguments', () => {
  it('reads the required flags and applies defaults', () => {
    expect(parseForecastArguments(required)).toEqual({
      help: false,
      options: {
        input: 'in.csv',
        output: 'out.csv',
        horizon: 48,
        season: undefined,
        model: 'auto',
        levels: [80, 95],
      },
    });
  });

  it('accepts --flag=value and the optional flags', () => {
    const parsed = parseForecastArguments([
      ...required,
      '--season=24',
      '--model',
      'arima',
      '--levels',
      '50,90',
    ]);
    expect(parsed).toMatchObject({ options: { season: 24, model: 'arima', levels: [50, 90] } });
  });

  it('answers --help before checking anything else', () => {
    expect(parseForecastArguments(['--horizon', 'x', '--help'])).toEqual({ help: true });
  });

  it.each([
    [['--input', 'in.csv', '--output', 'o.csv'], '--horizon is required'],
    [[...required, '--horizon', '4'], '--horizon given twice'],
    [
      ['--input', 'in.csv', '--output', 'o.csv', '--horizon', '0'],
      '--horizon needs a whole number >= 1 (got "0")',
    ],
    [[...required, '--season', '1.5'], '--season needs a whole number >= 1 (got "1.5")'],
    [[...required, '--model', 'prophet'], '--model must be auto or one of'],
    [[...required, '--levels', '80,100'], '--levels needs percentages between 0 and 100'],
    [[...required, '--verbose'], 'unknown argument "--verbose"'],
    [['--input'], '--input needs a value'],
  ])('rejects %j with a message saying what is wrong', (argv, message) => {
    expect(() => parseForecastArguments(argv)).toThrow(UsageError);
    expect(() => parseForecastArguments(argv)).toThrow(message);
  });
});

describe('intervalPath', () => {
  it('puts interval files beside the output', () => {
    expect(intervalPath('dir/out.csv', 'lo', 80)).toBe('dir/out.lo80.csv');
    expect(intervalPath('out', 'hi', 95)).toBe('out.hi95.csv');
  });
});
