import { DiagnosticBag, FormulaErrorCode } from '../diagnostics/formula-diagnostic';
import type { FormulaLimits } from '../formula-limits';
import { findFunction, suggestFunctionName } from '../catalogue/function-catalogue';
import type {
  BinaryOperator,
  CallArgument,
  CallExpression,
  FormulaNode,
  UnaryOperator,
} from './formula-ast';
import { tokenize } from './lexer';
import { SourceLocator, type SourceSpan } from './source-span';
import { describeToken, type Token } from './token';

/** What parsing leaves for the checker, including what it must not complain about twice. */
export interface ParseOutcome {
  /** null when nothing usable was parsed; may miss arguments that failed to parse. */
  readonly ast: FormulaNode | null;
  /** Calls that lost an argument to a syntax error: their arity is not checked. */
  readonly incompleteCalls: ReadonlySet<CallExpression>;
  /** Literals the lexer already reported (bad escape, `1d`): their type is not checked. */
  readonly flawedLiterals: ReadonlySet<FormulaNode>;
}

/** A syntax error already reported; unwinds to the nearest argument list to resynchronise. */
class SyntaxFailure extends Error {}
/** A limit already reported; unwinds all the way out, no recovery. */
class LimitReached extends Error {}

const ADDITIVE = new Set(['+', '-']);
const MULTIPLICATIVE = new Set(['*', '/', '%']);
const COMPARISON = new Set(['<', '<=', '>', '>=', '==', '!=']);
const EXPECTED_OPERAND = 'expected a number, a "string", a function call such as count(), or (';

/**
 * Recursive descent over the token list, one function per precedence level:
 *   formula        = comparison EOF
 *   comparison     = additive [ ("<" | "<=" | ">" | ">=" | "==" | "!=") additive ]
 *   additive       = multiplicative { ("+" | "-") multiplicative }
 *   multiplicative = unary { ("*" | "/" | "%") unary }
 *   unary          = ("-" | "+") unary | primary
 *   primary        = NUMBER | STRING | "(" comparison ")" | call
 *   call           = NAME "(" [ argument { "," argument } ] ")"
 *   argument       = [ NAME "=" ] comparison
 * Nesting depth and node count are checked as the parser goes, so no input can overflow the
 * stack. An argument that fails to parse is skipped up to the next `,` or `)` so the errors
 * after it are reported too.
 */
export function parseSource(
  source: string,
  limits: FormulaLimits,
  diagnostics: DiagnosticBag,
): ParseOutcome {
  if (source.length > limits.maxSourceLength) {
    const locator = new SourceLocator(source.slice(0, limits.maxSourceLength + 1));
    diagnostics.add({
      code: FormulaErrorCode.SourceTooLong,
      message: `formula is ${source.length} characters long; the limit is ${limits.maxSourceLength}`,
      hint: 'split it into saved formulas or simplify it',
      span: locator.span(limits.maxSourceLength, source.length - limits.maxSourceLength),
    });
    return { ast: null, incompleteCalls: new Set(), flawedLiterals: new Set() };
  }
  const locator = new SourceLocator(source);
  const tokens = tokenize(locator, diagnostics);
  return new Parser(tokens, locator, diagnostics, limits).parse();
}

class Parser {
  private index = 0;
  private depth = 0;
  private nodeCount = 0;
  private readonly incompleteCalls = new Set<CallExpression>();
  private readonly flawedLiterals = new Set<FormulaNode>();

  constructor(
    private readonly tokens: readonly Token[],
    private readonly locator: SourceLocator,
    private readonly diagnostics: DiagnosticBag,
    private readonly limits: FormulaLimits,
  ) {}

  parse(): ParseOutcome {
    const outcome = (ast: FormulaNode | null): ParseOutcome => ({
      ast,
      incompleteCalls: this.incompleteCalls,
      flawedLiterals: this.flawedLiterals,
    });
    if (this.peek().kind === 'eof') {
      this.report(FormulaErrorCode.EmptyFormula, 'formula is empty', 'try count()', this.peek());
      return outcome(null);
    }
    try {
      const ast = this.comparison();
      if (this.peek().kind !== 'eof') this.reportTrailing();
      return outcome(ast);
    } catch (error) {
      if (error instanceof SyntaxFailure || error instanceof LimitReached) return outcome(null);
      throw error;
    }
  }

  private comparison(): FormulaNode {
    const left = this.additive();
    if (!this.atOperator(COMPARISON)) return left;
    let node = this.binary(left, () => this.additive());
    while (this.atOperator(COMPARISON)) {
      this.report(
        FormulaErrorCode.ChainedComparison,
        `comparisons cannot be chained ('${this.peek().text}' after a comparison)`,
        'combine two comparisons with and(a < b, b < c)',
        this.peek(),
      );
      node = this.binary(node, () => this.additive());
    }
    return node;
  }

  private additive(): FormulaNode {
    let node = this.multiplicative();
    while (this.atOperator(ADDITIVE)) node = this.binary(node, () => this.multiplicative());
    return node;
  }

  private multiplicative(): FormulaNode {
    let node = this.unary();
    while (this.atOperator(MULTIPLICATIVE)) node = this.binary(node, () => this.unary());
    return node;
  }

  private binary(left: FormulaNode, parseRight: () => FormulaNode): FormulaNode {
    const operator = this.advance().text as BinaryOperator;
    const right = parseRight();
    return this.node({
      type: 'binary',
      operator,
      left,
      right,
      span: this.locator.cover(left.span, right.span),
    });
  }

  private unary(): FormulaNode {
    const token = this.peek();
    if (!this.atOperator(ADDITIVE)) return this.primary();
    this.advance();
    const operand = this.nested(token, () => this.unary());
    return this.node({
      type: 'unary',
      operator: token.text as UnaryOperator,
      operand,
      span: this.locator.cover(this.spanOf(token), operand.span),
    });
  }

  private primary(): FormulaNode {
    const token = this.peek();
    switch (token.kind) {
      case 'number': {
        this.advance();
        const node = this.node({
          type: 'number',
          value: token.value as number,
          raw: token.text,
          span: this.spanOf(token),
        });
        if (token.flawed) this.flawedLiterals.add(node);
        return node;
      }
      case 'string': {
        this.advance();
        const node = this.node({
          type: 'string',
          value: token.value as string,
          span: this.spanOf(token),
        });
        if (token.flawed) this.flawedLiterals.add(node);
        return node;
      }
      case 'lparen':
        return this.parenthesised();
      case 'identifier':
        if (this.peek(1).kind === 'lparen') return this.call();
        return this.failBareName(token);
      case 'eof':
        return this.fail(
          FormulaErrorCode.UnexpectedEnd,
          'formula ends where a value was expected',
          EXPECTED_OPERAND,
          token,
        );
      case 'operator':
      case 'rparen':
      case 'comma':
      case 'assign':
        return this.fail(
          FormulaErrorCode.UnexpectedToken,
          `unexpected ${describeToken(token)}`,
          EXPECTED_OPERAND,
          token,
        );
    }
  }

  private parenthesised(): FormulaNode {
    const open = this.advance();
    const inner = this.nested(open, () => this.comparison());
    if (this.peek().kind !== 'rparen') {
      const where = this.spanOf(open);
      const found = this.peek();
      return this.fail(
        found.kind === 'eof' ? FormulaErrorCode.UnexpectedEnd : FormulaErrorCode.UnexpectedToken,
        found.kind === 'eof' ? "missing ')'" : `expected ')' but found ${describeToken(found)}`,
        `close the '(' opened at line ${where.line}, column ${where.column}`,
        found,
      );
    }
    this.advance();
    return inner;
  }

  private call(): FormulaNode {
    const nameToken = this.advance();
    const open = this.advance();
    return this.nested(nameToken, () => this.callBody(nameToken, open));
  }

  private callBody(nameToken: Token, open: Token): FormulaNode {
    const args: CallArgument[] = [];
    let incomplete = false;
    let closing: Token | undefined;
    if (this.peek().kind === 'rparen') closing = this.advance();
    while (closing === undefined) {
      const start = this.index;
      if (this.peek().kind === 'eof') this.failUnclosed(nameToken, open);
      try {
        args.push(this.argument());
      } catch (error) {
        if (!(error instanceof SyntaxFailure)) throw error;
        incomplete = true;
        this.resynchronise(start);
      }
      let next = this.peek();
      if (next.kind !== 'rparen' && next.kind !== 'comma' && next.kind !== 'eof') {
        incomplete = true;
        this.report(
          FormulaErrorCode.UnexpectedToken,
          `expected ',' or ')' after an argument of ${nameToken.text}() but found ${describeToken(next)}`,
          'separate arguments with commas; is an operator missing?',
          next,
        );
        this.resynchronise(this.index);
        next = this.peek();
      }
      if (next.kind === 'rparen') {
        closing = this.advance();
      } else if (next.kind === 'comma') {
        this.advance();
      } else {
        this.failUnclosed(nameToken, open);
      }
    }
    const node = this.node({
      type: 'call',
      name: nameToken.text,
      nameSpan: this.spanOf(nameToken),
      args,
      span: this.locator.cover(this.spanOf(nameToken), this.spanOf(closing)),
    });
    if (incomplete) this.incompleteCalls.add(node);
    return node;
  }

  private argument(): CallArgument {
    const first = this.peek();
    if (first.kind === 'identifier' && this.peek(1).kind === 'assign') {
      this.advance();
      this.advance();
      const value = this.comparison();
      const nameSpan = this.spanOf(first);
      return { name: first.text, nameSpan, value, span: this.locator.cover(nameSpan, value.span) };
    }
    if (first.kind === 'rparen' || first.kind === 'comma') {
      this.fail(
        FormulaErrorCode.UnexpectedToken,
        `expected an argument but found ${describeToken(first)}`,
        'remove the extra comma, or write the missing argument',
        first,
      );
    }
    const value = this.comparison();
    return { value, span: value.span };
  }

  private failUnclosed(nameToken: Token, open: Token): never {
    const where = this.spanOf(open);
    return this.fail(
      FormulaErrorCode.UnexpectedEnd,
      `missing ')' to close ${nameToken.text}(`,
      `close the '(' opened at line ${where.line}, column ${where.column}`,
      this.peek(),
    );
  }

  /**
   * After a failed argument, skips to the `,` or `)` that ends it: the first one at or after
   * the failure that is not inside parentheses opened since the argument began.
   */
  private resynchronise(argumentStart: number): void {
    const failedAt = this.index;
    let balance = 0;
    for (let i = argumentStart; i < this.tokens.length; i++) {
      const kind = this.tokens[i].kind;
      if (
        i >= failedAt &&
        balance <= 0 &&
        (kind === 'comma' || kind === 'rparen' || kind === 'eof')
      ) {
        this.index = i;
        return;
      }
      if (kind === 'lparen') balance++;
      else if (kind === 'rparen') balance--;
    }
  }

  private failBareName(token: Token): never {
    const next = this.peek(1);
    if (next.kind === 'assign') {
      return this.fail(
        FormulaErrorCode.UnexpectedToken,
        `named argument '${token.text}=' outside a function call`,
        `named arguments go inside a call, e.g. moving_average(count(), ${token.text}=6)`,
        token,
      );
    }
    if (findFunction(token.text)) {
      return this.fail(
        FormulaErrorCode.UnknownName,
        `'${token.text}' is a function and needs parentheses`,
        `write ${token.text}()`,
        token,
      );
    }
    const suggestion = suggestFunctionName(token.text);
    return this.fail(
      FormulaErrorCode.UnknownName,
      suggestion
        ? `unknown name '${token.text}', did you mean '${suggestion}()'?`
        : `unknown name '${token.text}'`,
      suggestion
        ? `write ${suggestion}(...)`
        : `names are only used to call functions, e.g. count(); text needs quotes: "${token.text}"`,
      token,
    );
  }

  private reportTrailing(): void {
    const token = this.peek();
    const last = this.tokens[this.tokens.length - 2];
    const span = this.locator.span(token.offset, last.offset + last.length - token.offset);
    this.diagnostics.add({
      code: FormulaErrorCode.TrailingInput,
      message: `unexpected ${describeToken(token)} after the end of the formula`,
      hint:
        token.kind === 'rparen'
          ? "remove the unmatched ')'"
          : 'is an operator (+ - * /) or a comma missing?',
      span,
    });
  }

  /** Runs `parse` one nesting level deeper, refusing to go past maxDepth. */
  private nested<T>(token: Token, parse: () => T): T {
    if (this.depth >= this.limits.maxDepth) {
      this.report(
        FormulaErrorCode.TooDeep,
        `formula is nested more than ${this.limits.maxDepth} levels deep`,
        'flatten it: fewer nested calls, parentheses and signs',
        token,
      );
      throw new LimitReached();
    }
    this.depth++;
    try {
      return parse();
    } finally {
      this.depth--;
    }
  }

  private node<T extends FormulaNode>(node: T): T {
    this.nodeCount++;
    if (this.nodeCount > this.limits.maxNodes) {
      this.diagnostics.add({
        code: FormulaErrorCode.TooManyNodes,
        message: `formula has more than ${this.limits.maxNodes} parts`,
        hint: 'split it into simpler formulas',
        span: node.span,
      });
      throw new LimitReached();
    }
    return node;
  }

  private atOperator(operators: ReadonlySet<string>): boolean {
    const token = this.peek();
    return token.kind === 'operator' && operators.has(token.text);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.index + ahead, this.tokens.length - 1)];
  }

  private advance(): Token {
    const token = this.peek();
    if (this.index < this.tokens.length - 1) this.index++;
    return token;
  }

  private spanOf(token: Token): SourceSpan {
    return this.locator.span(token.offset, token.length);
  }

  private report(code: FormulaErrorCode, message: string, hint: string, token: Token): void {
    this.diagnostics.add({ code, message, hint, span: this.spanOf(token) });
  }

  private fail(code: FormulaErrorCode, message: string, hint: string, token: Token): never {
    this.report(code, message, hint, token);
    throw new SyntaxFailure();
  }
}
