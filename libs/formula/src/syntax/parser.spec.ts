import { compileFormula, parseFormula } from '../compile-formula';
import type { FormulaDiagnostic } from '../diagnostics/formula-diagnostic';
import type { CallExpression, FormulaNode } from './formula-ast';

function parsed(source: string): FormulaNode {
  const result = parseFormula(source);
  if (!result.ast) throw new Error(`did not parse: ${JSON.stringify(result.diagnostics)}`);
  return result.ast;
}

function errors(source: string): FormulaDiagnostic[] {
  const result = compileFormula(source);
  if (result.ok) throw new Error(`expected errors for ${source}`);
  return [...result.diagnostics];
}

/** The AST as nested arrays of operators and values: precedence at a glance. */
function shape(node: FormulaNode): unknown {
  switch (node.type) {
    case 'number':
    case 'string':
      return node.value;
    case 'unary':
      return [node.operator, shape(node.operand)];
    case 'binary':
      return [node.operator, shape(node.left), shape(node.right)];
    case 'call':
      return [
        `${node.name}()`,
        ...node.args.map((arg) => (arg.name ? { [arg.name]: shape(arg.value) } : shape(arg.value))),
      ];
  }
}

describe('parser', () => {
  it('gives * / % precedence over + -, and both over comparisons', () => {
    expect(shape(parsed('1 + 2 * 3 - 4 % 5 / 6 < 7'))).toEqual([
      '<',
      ['-', ['+', 1, ['*', 2, 3]], ['/', ['%', 4, 5], 6]],
      7,
    ]);
  });

  it('is left-associative and honours parentheses', () => {
    expect(shape(parsed('8 - 4 - 2'))).toEqual(['-', ['-', 8, 4], 2]);
    expect(shape(parsed('8 - (4 - 2)'))).toEqual(['-', 8, ['-', 4, 2]]);
  });

  it('binds unary minus tighter than multiplication', () => {
    expect(shape(parsed('-2 * -count()'))).toEqual(['*', ['-', 2], ['-', ['count()']]]);
  });

  it('reads numbers with fractions and exponents', () => {
    expect(shape(parsed('1.5 + .25 + 2e3 + 1E-2'))).toEqual([
      '+',
      ['+', ['+', 1.5, 0.25], 2000],
      0.01,
    ]);
  });

  it('parses positional and named arguments', () => {
    expect(
      shape(parsed('moving_average(count(eventId="*.feed_click", shift="1w"), window=6)')),
    ).toEqual([
      'moving_average()',
      ['count()', { eventId: '*.feed_click' }, { shift: '1w' }],
      { window: 6 },
    ]);
  });

  it('decodes string escapes and accepts single quotes', () => {
    const call = parsed(`count("a\\"b\\\\c\\u0041\\n", host='it\\'s')`) as CallExpression;
    expect(call.args.map((arg) => shape(arg.value))).toEqual(['a"b\\cA\n', "it's"]);
  });

  it('records offset, length, line and column of every node on multi-line input', () => {
    const source = 'count()\n  / count(\n    shift="1d")';
    const root = parsed(source);
    expect(root.span).toEqual({ offset: 0, length: source.length, line: 1, column: 1 });
    if (root.type !== 'binary' || root.right.type !== 'call') throw new Error('unexpected shape');
    expect(root.right.span).toEqual({ offset: 12, length: 22, line: 2, column: 5 });
    expect(root.right.nameSpan).toEqual({ offset: 12, length: 5, line: 2, column: 5 });
    const arg = root.right.args[0];
    expect(arg.nameSpan).toEqual({ offset: 23, length: 5, line: 3, column: 5 });
    expect(arg.value.span).toEqual({ offset: 29, length: 4, line: 3, column: 11 });
    expect(source.slice(arg.span.offset, arg.span.offset + arg.span.length)).toBe('shift="1d"');
  });

  it('counts \\r\\n and lone \\r as line breaks', () => {
    const [error] = errors('count()\r\n+\rcout()');
    expect(error.span).toMatchObject({ line: 3, column: 1 });
  });
});

describe('syntax errors', () => {
  it('reports an unterminated string where it starts, on its line', () => {
    const diagnostics = errors('count(\n  eventId="abc\n)');
    expect(diagnostics[0]).toMatchObject({
      code: 'unterminated_string',
      span: { line: 2, column: 11, length: 4 },
    });
  });

  it('reports an unexpected token with its exact position', () => {
    const [error] = errors('count()\n  + * 2');
    expect(error).toMatchObject({
      code: 'unexpected_token',
      message: "unexpected '*'",
      span: { line: 2, column: 5, offset: 12, length: 1 },
    });
  });

  it('reports input left after a complete formula', () => {
    const [error] = errors('count() count()');
    expect(error).toMatchObject({ code: 'trailing_input', span: { column: 9, length: 7 } });
    expect(error.hint).toMatch(/operator/);
    expect(errors('(1 + 2))')[0]).toMatchObject({
      code: 'trailing_input',
      hint: "remove the unmatched ')'",
    });
  });

  it('reports a formula that ends too early', () => {
    expect(errors('count() /')[0]).toMatchObject({ code: 'unexpected_end', span: { column: 10 } });
    expect(errors('(count()')[0]).toMatchObject({ code: 'unexpected_end', message: "missing ')'" });
    expect(errors('count(')[0].hint).toBe("close the '(' opened at line 1, column 6");
  });

  it('reports an empty formula', () => {
    expect(errors('  \n ')[0].code).toBe('empty_formula');
  });

  it('tells that durations are strings', () => {
    const [error] = errors('count(shift=1d)');
    expect(error).toMatchObject({ code: 'invalid_number', span: { column: 13, length: 2 } });
    expect(error.hint).toBe('durations are strings: write shift="1d"');
  });

  it.each(['1d12h', '3x', '1e', '2w1d'])(
    'hints a duration for %s, glued letters and digits',
    (text) => {
      expect(errors(`count(shift=${text})`)[0].hint).toBe(
        `durations are strings: write shift="${text}"`,
      );
    },
  );

  it('hints a plain number for digits glued to letters and an underscore', () => {
    const [error] = errors(`1${'a'.repeat(40)}_`);
    expect(error).toMatchObject({ code: 'invalid_number', span: { column: 1, length: 42 } });
    expect(error.hint).toContain('a number is digits');
  });

  it('reports invalid escapes and unknown characters', () => {
    expect(errors('count("a\\qb")')[0]).toMatchObject({
      code: 'invalid_escape',
      span: { column: 9, length: 2 },
    });
    const [character] = errors('count() ^ 2');
    expect(character).toMatchObject({
      code: 'unexpected_character',
      hint: 'use pow(base, exponent)',
    });
  });

  it('refuses chained comparisons', () => {
    expect(errors('1 < count() < 3')[0]).toMatchObject({
      code: 'chained_comparison',
      span: { column: 13 },
    });
  });

  it('explains a function name used without parentheses and a bare unknown name', () => {
    expect(errors('count + 1')[0]).toMatchObject({ code: 'unknown_name', hint: 'write count()' });
    expect(errors('1 + cuont')[0].message).toBe("unknown name 'cuont', did you mean 'count()'?");
    expect(errors('window=6')[0].message).toBe("named argument 'window=' outside a function call");
  });

  it('reports errors in several arguments at once, and the semantic ones beside them', () => {
    const diagnostics = errors('ifelse(count() <, 1 +, cout())');
    expect(diagnostics.map((d) => [d.code, d.span.column])).toEqual([
      ['unexpected_token', 17],
      ['unexpected_token', 22],
      ['unknown_function', 24],
    ]);
  });

  it('reports a missing comma between arguments and goes on', () => {
    const diagnostics = errors('pow(count() 2, cout())');
    expect(diagnostics.map((d) => d.code)).toEqual(['unexpected_token', 'unknown_function']);
  });
});

describe('parser limits', () => {
  it('refuses deep nesting with an error, not a stack overflow', () => {
    for (const source of [
      `${'('.repeat(5_000)}1${')'.repeat(5_000)}`,
      `${'-'.repeat(1_999)}1`,
      `${'abs('.repeat(400)}1${')'.repeat(400)}`,
    ]) {
      const diagnostics = errors(source);
      expect(diagnostics.map((d) => d.code)).toContain(
        source.length > 2_000 ? 'source_too_long' : 'too_deep',
      );
    }
    const [deep] = errors(`${'('.repeat(40)}1${')'.repeat(40)}`);
    expect(deep).toMatchObject({ code: 'too_deep', span: { column: 33 } });
  });

  it('accepts nesting up to the limit', () => {
    expect(compileFormula(`${'abs('.repeat(32)}1${')'.repeat(32)}`).ok).toBe(true);
    expect(compileFormula(`${'abs('.repeat(33)}1${')'.repeat(33)}`).ok).toBe(false);
  });

  it('refuses a source over the length limit, pointing at the excess', () => {
    const [error] = errors(`count()${' + 1'.repeat(700)}`);
    expect(error).toMatchObject({ code: 'source_too_long', span: { offset: 2_000, length: 807 } });
  });

  it('refuses formulas with too many parts', () => {
    const [error] = errors(Array.from({ length: 300 }, () => '1').join('+'));
    expect(error.code).toBe('too_many_nodes');
    expect(compileFormula(Array.from({ length: 200 }, () => '1').join('+')).ok).toBe(true);
  });

  it('honours limits given by the caller', () => {
    expect(compileFormula('abs(abs(1))', { limits: { maxDepth: 1 } }).ok).toBe(false);
    expect(compileFormula('count()', { limits: { maxSourceLength: 5 } }).ok).toBe(false);
  });

  it('never throws, whatever the input', () => {
    // Deterministic pseudo-random strings over the language's alphabet and then some.
    const alphabet = [
      'count(',
      'abs(',
      ')',
      '(',
      ',',
      '"',
      "'",
      '\\',
      '=',
      '==',
      '<',
      '-',
      '+',
      '*',
      '/',
      '1',
      '.5',
      'e',
      'x',
      ' ',
      '\n',
      'window=',
      '@',
      '\u{1F600}',
    ];
    let seed = 42;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed;
    };
    for (let run = 0; run < 1_000; run++) {
      const length = next() % 40;
      const source = Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
      const result = compileFormula(source);
      if (!result.ok) {
        for (const diagnostic of result.diagnostics) {
          expect(diagnostic.span.offset).toBeLessThanOrEqual(source.length);
          expect(diagnostic.hint.length).toBeGreaterThan(0);
        }
      }
    }
  });
});
