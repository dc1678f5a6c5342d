import { DiagnosticBag, FormulaErrorCode } from '../diagnostics/formula-diagnostic';
import type { SourceLocator } from './source-span';
import type { OperatorText, Token, TokenKind } from './token';

const DIGIT = /[0-9]/;
const IDENTIFIER_START = /[A-Za-z_]/;
const IDENTIFIER_PART = /[A-Za-z0-9_]/;
const WHITESPACE = /[ \t\n\r\f\v]/;
const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  '\\': '\\',
  '"': '"',
  "'": "'",
  n: '\n',
  r: '\r',
  t: '\t',
};
// Digits, then a letter, then letters and digits (`1d`, `1d12h`, `3x`). One way to match any
// text: a nested `(?:[a-zA-Z]+[0-9]*)+` took 2^n steps to refuse `1` + n letters + `_`.
const DURATION_LIKE = /^[0-9]+[a-zA-Z][a-zA-Z0-9]*$/;

/**
 * Splits a formula into tokens. Never throws: a bad character, string or number is reported
 * and skipped (or kept as a flawed token) so the parser still sees the rest and several
 * problems are reported at once.
 */
export function tokenize(locator: SourceLocator, diagnostics: DiagnosticBag): Token[] {
  const source = locator.source;
  const tokens: Token[] = [];
  let position = 0;

  const push: Push = (kind, start, end, value, flawed = false) => {
    tokens.push({
      kind,
      text: source.slice(start, end),
      value,
      offset: start,
      length: end - start,
      flawed,
    });
  };

  while (position < source.length) {
    const char = source[position];
    const start = position;
    if (WHITESPACE.test(char)) {
      position++;
    } else if (DIGIT.test(char) || (char === '.' && DIGIT.test(source[position + 1] ?? ''))) {
      position = readNumber(source, position, locator, diagnostics, push);
    } else if (IDENTIFIER_START.test(char)) {
      while (position < source.length && IDENTIFIER_PART.test(source[position])) position++;
      push('identifier', start, position, source.slice(start, position));
    } else if (char === '"' || char === "'") {
      position = readString(source, position, locator, diagnostics, push);
    } else if (char === '(' || char === ')' || char === ',') {
      position++;
      push(char === '(' ? 'lparen' : char === ')' ? 'rparen' : 'comma', start, position, char);
    } else {
      const operator = readOperator(source, position);
      if (operator === '=') {
        position++;
        push('assign', start, position, '=');
      } else if (operator !== undefined) {
        position += operator.length;
        push('operator', start, position, operator);
      } else {
        position = skipUnexpected(source, position, locator, diagnostics);
      }
    }
  }
  tokens.push({
    kind: 'eof',
    text: '',
    value: '',
    offset: source.length,
    length: 0,
    flawed: false,
  });
  return tokens;
}

type Push = (
  kind: TokenKind,
  start: number,
  end: number,
  value: string | number,
  flawed?: boolean,
) => void;

function readNumber(
  source: string,
  start: number,
  locator: SourceLocator,
  diagnostics: DiagnosticBag,
  push: Push,
): number {
  let position = start;
  while (DIGIT.test(source[position] ?? '')) position++;
  if (source[position] === '.' && DIGIT.test(source[position + 1] ?? '')) {
    position++;
    while (DIGIT.test(source[position] ?? '')) position++;
  }
  const exponent = /^[eE][+-]?[0-9]+/.exec(source.slice(position));
  if (exponent) position += exponent[0].length;
  const numeric = source.slice(start, position);
  // A number glued to letters (`1d`, `3x`, `1e`) is one bad token, not a number and a name.
  let end = position;
  while (end < source.length && IDENTIFIER_PART.test(source[end])) end++;
  const value = Number(numeric);
  if (end > position) {
    const written = source.slice(start, end);
    diagnostics.add({
      code: FormulaErrorCode.InvalidNumber,
      message: `invalid number '${written}'`,
      hint: DURATION_LIKE.test(written)
        ? `durations are strings: write shift="${written}"`
        : 'a number is digits with an optional fraction and exponent, e.g. 12, 0.5, 1e3',
      span: locator.span(start, end - start),
    });
    push('number', start, end, value, true);
    return end;
  }
  if (!Number.isFinite(value)) {
    diagnostics.add({
      code: FormulaErrorCode.InvalidNumber,
      message: `number ${numeric} is too large`,
      hint: 'numbers must be below 1.8e308',
      span: locator.span(start, position - start),
    });
    push('number', start, position, 0, true);
    return position;
  }
  push('number', start, position, value);
  return position;
}

function readString(
  source: string,
  start: number,
  locator: SourceLocator,
  diagnostics: DiagnosticBag,
  push: Push,
): number {
  const quote = source[start];
  let position = start + 1;
  let value = '';
  let flawed = false;
  while (position < source.length && source[position] !== quote) {
    const char = source[position];
    if (char === '\n' || char === '\r') break;
    if (char !== '\\') {
      value += char;
      position++;
      continue;
    }
    const escape = decodeEscape(source, position);
    if (escape.value === undefined) {
      flawed = true;
      diagnostics.add({
        code: FormulaErrorCode.InvalidEscape,
        message: `invalid escape '${source.slice(position, position + escape.length)}' in string`,
        hint: 'escapes are \\\\ \\" \\\' \\n \\r \\t and \\uXXXX; write \\\\ for a backslash',
        span: locator.span(position, escape.length),
      });
    } else {
      value += escape.value;
    }
    position += escape.length;
  }
  if (source[position] === quote) {
    position++;
    push('string', start, position, value, flawed);
    return position;
  }
  diagnostics.add({
    code: FormulaErrorCode.UnterminatedString,
    message: 'unterminated string',
    hint: `close the string with ${quote} on the same line`,
    span: locator.span(start, position - start),
  });
  push('string', start, position, value, true);
  return position;
}

function decodeEscape(source: string, position: number): { value?: string; length: number } {
  const next = source[position + 1];
  if (next === undefined || next === '\n' || next === '\r') return { length: 1 };
  const simple = SIMPLE_ESCAPES[next];
  if (simple !== undefined) return { value: simple, length: 2 };
  if (next === 'u') {
    const hex = /^[0-9a-fA-F]{4}/.exec(source.slice(position + 2));
    if (hex) return { value: String.fromCharCode(parseInt(hex[0], 16)), length: 6 };
  }
  return { length: 2 };
}

function readOperator(source: string, position: number): OperatorText | '=' | undefined {
  const two = source.slice(position, position + 2);
  if (two === '<=' || two === '>=' || two === '==' || two === '!=') return two;
  const one = source[position];
  switch (one) {
    case '+':
    case '-':
    case '*':
    case '/':
    case '%':
    case '<':
    case '>':
    case '=':
      return one;
    default:
      return undefined;
  }
}

/** Reports a run of characters the language does not use as one diagnostic. */
function skipUnexpected(
  source: string,
  start: number,
  locator: SourceLocator,
  diagnostics: DiagnosticBag,
): number {
  const step = (at: number): number => ((source.codePointAt(at) ?? 0) > 0xffff ? 2 : 1);
  // The first character is always consumed (a lone `!` or `.` is a character the language
  // knows only in other combinations); the run then extends over characters it never uses.
  let position = start + step(start);
  while (position < source.length && isUnexpected(source, position)) position += step(position);
  const text = source.slice(start, position);
  diagnostics.add({
    code: FormulaErrorCode.UnexpectedCharacter,
    message: `unexpected character${[...text].length > 1 ? 's' : ''} '${text}'`,
    hint: hintForCharacter(text),
    span: locator.span(start, position - start),
  });
  return position;
}

function isUnexpected(source: string, position: number): boolean {
  const char = source[position];
  return (
    !WHITESPACE.test(char) && !IDENTIFIER_PART.test(char) && !'"\'(),.+-*/%<>=!'.includes(char)
  );
}

function hintForCharacter(text: string): string {
  if (text.startsWith('!')) return 'write != for "not equal", or not(x)';
  if (text.startsWith('&') || text.startsWith('|')) return 'use and(a, b) or or(a, b)';
  if (text.startsWith('^')) return 'use pow(base, exponent)';
  if (text.startsWith('[') || text.startsWith('{')) return 'group with ( and ) only';
  if (text.startsWith('`') || text.startsWith('\u201c') || text.startsWith('\u2018')) {
    return 'quote strings with plain " or \'';
  }
  return 'formulas use numbers, "strings", names, ( ) , = and the operators + - * / % < <= > >= == !=';
}
