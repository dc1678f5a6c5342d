import { compileFormula } from '../compile-formula';
import type { FormulaDiagnostic } from '../diagnostics/formula-diagnostic';
import { formatDiagnostic } from '../diagnostics/format-diagnostic';
import { formatDuration, parseDuration } from './duration';

function errors(source: string): FormulaDiagnostic[] {
  const result = compileFormula(source);
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return [...result.diagnostics];
}

describe('checking functions and arguments', () => {
  it('accepts the formulas of the issue', () => {
    for (const source of [
      'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
      'count() / count(shift="1w")',
      'ifelse(count() < count(shift="1d") * 0.5, 1, 0)',
      'moving_average(count(), window=6)',
      '(count() - overall_average(count())) / overall_average(count())',
    ]) {
      expect(compileFormula(source)).toMatchObject({ ok: true, formula: { kind: 'series' } });
    }
  });

  it('suggests the closest function for an unknown one, at the name', () => {
    const [error] = errors('count() / cout(shift="1d")');
    expect(error).toEqual({
      code: 'unknown_function',
      message: "unknown function 'cout', did you mean 'count'?",
      hint: 'write count(...)',
      span: { offset: 10, length: 4, line: 1, column: 11 },
    });
  });

  it('maps names from other languages to ours', () => {
    expect(errors('avg()')[0].message).toBe("unknown function 'avg', did you mean 'average'?");
    expect(errors('stddev()')[0].message).toContain("'standard_deviation'");
    expect(errors('if(1, 2, 3)')[0].message).toContain("'ifelse'");
  });

  it('reports an unknown function without a guess when nothing is close', () => {
    expect(errors('frobnicate(1)')[0]).toMatchObject({
      message: "unknown function 'frobnicate'",
      hint: 'GET /api/v1/formulas/functions lists every function',
    });
  });

  it('reports wrong arity both ways', () => {
    expect(errors('moving_average(count())')[0]).toMatchObject({
      code: 'missing_argument',
      message: "moving_average() needs the argument 'window'",
    });
    expect(errors('abs(1, 2)')[0]).toMatchObject({
      code: 'too_many_arguments',
      message: 'abs() takes at most 1 positional argument, got 2',
      span: { column: 8 },
    });
  });

  it('reports an unknown named argument with a did-you-mean and the valid names', () => {
    const [error] = errors('moving_average(count(), windw=6)');
    expect(error).toMatchObject({
      code: 'unknown_argument',
      message: "unknown argument 'windw' for moving_average(), did you mean 'window'?",
      hint: 'moving_average() takes value, window',
      span: { column: 25, length: 5 },
    });
  });

  it('reports duplicate and out-of-order arguments', () => {
    expect(errors('count("a.*", eventId="b.*")')[0].code).toBe('duplicate_argument');
    expect(errors('count(shift="1d", "a.*")')[0].code).toBe('positional_after_named');
  });

  it('reports bad argument types', () => {
    expect(errors('count(eventId=3)')[0]).toMatchObject({
      code: 'bad_argument_type',
      message: 'eventId of count() must be a "string"',
    });
    expect(errors('count(shift=60)')[0].hint).toBe('write shift="1d" (m, h, d or w)');
    expect(errors('moving_average(count(), window=count())')[0]).toMatchObject({
      code: 'bad_argument_type',
      message: 'window of moving_average() must be a number written in the formula, not computed',
    });
    expect(errors('abs("x")')[0].message).toBe('a string cannot be used as a number');
    expect(errors('max(count(), 2)')[0].hint).toContain('ifelse(a > b, a, b)');
  });

  it('reports bad argument values', () => {
    expect(errors('moving_average(count(), window=0)')[0]).toMatchObject({
      code: 'bad_argument_value',
      message: 'window of moving_average() must be a whole number from 1 to 1000, got 0',
    });
    expect(errors('percentile(101)')[0].code).toBe('bad_argument_value');
    expect(errors('round(count(), 1.5)')[0].code).toBe('bad_argument_value');
    expect(errors('count(eventId="")')[0].hint).toBe('leave the argument out to match everything');
    expect(compileFormula('round(count(), -2)').ok).toBe(true);
  });

  it('refuses an eventId glob with more than eight wildcards', () => {
    expect(errors(`count(eventId="${'*a'.repeat(8)}*")`)[0]).toMatchObject({
      code: 'bad_argument_value',
      message: 'eventId of count() may hold at most 8 "*" wildcards',
    });
    expect(compileFormula(`count(eventId="${'*a'.repeat(8)}")`).ok).toBe(true);
  });

  it('reports bad durations with the rule', () => {
    const [error] = errors('count(shift="1 day")');
    expect(error).toMatchObject({
      code: 'bad_duration',
      message:
        "bad duration '1 day' for shift of count(): expected a whole number and a unit m, h, d or w",
      span: { column: 13, length: 7 },
    });
    expect(errors('count(shift="30s")')[0].message).toContain('seconds are finer than the data');
    expect(errors('count(shift="600w")')[0].message).toContain('longer than 10 years');
  });

  it('reports every problem of a multi-line formula, each at its line and column', () => {
    const source = [
      'count(eventId="*.click")',
      '  / cout(eventId="*.view")',
      '  + moving_average(count(), windw=6)',
      '  + count(shift="1x")',
      '  + round()',
    ].join('\n');
    const diagnostics = errors(source);
    expect(diagnostics.map((d) => [d.code, d.span.line, d.span.column])).toEqual([
      ['unknown_function', 2, 5],
      ['unknown_argument', 3, 29],
      ['bad_duration', 4, 17],
      ['missing_argument', 5, 5],
    ]);
    expect(formatDiagnostic(source, diagnostics[0])).toBe(
      [
        "line 2, column 5: unknown function 'cout', did you mean 'count'?",
        '    / cout(eventId="*.view")',
        '      ^^^^',
        'hint: write count(...)',
      ].join('\n'),
    );
  });

  it('tells series from scalars', () => {
    expect(compileFormula('round(2.5) * 2')).toMatchObject({
      ok: true,
      formula: { kind: 'scalar' },
    });
    expect(compileFormula('overall_max(count())')).toMatchObject({
      ok: true,
      formula: { kind: 'scalar' },
    });
    expect(compileFormula('abs(count())')).toMatchObject({ ok: true, formula: { kind: 'series' } });
  });
});

describe('durations', () => {
  it('reads units and combinations into milliseconds', () => {
    expect(parseDuration('30m')).toEqual({ ms: 1_800_000 });
    expect(parseDuration('1h')).toEqual({ ms: 3_600_000 });
    expect(parseDuration('1d12h')).toEqual({ ms: 129_600_000 });
    expect(parseDuration('2w')).toEqual({ ms: 1_209_600_000 });
    expect(parseDuration('0m')).toEqual({ ms: 0 });
  });

  it('refuses what is not a duration', () => {
    for (const text of ['', '1', 'd', '-1d', '1.5h', '1 d', '1D', '1y', '1234567m']) {
      expect(parseDuration(text)).toHaveProperty('problem');
    }
  });

  it('formats back to text that reads the same', () => {
    for (const text of ['0m', '30m', '1h30m', '1w2d3h4m']) {
      const parsed = parseDuration(text);
      expect('ms' in parsed && formatDuration(parsed.ms)).toBe(text);
    }
  });
});
