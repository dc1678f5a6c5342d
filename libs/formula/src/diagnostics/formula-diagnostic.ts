import type { SourceSpan } from '../syntax/source-span';

/** Every kind of problem the lexer, parser and checker report; stable for API clients. */
export const FormulaErrorCode = {
  EmptyFormula: 'empty_formula',
  SourceTooLong: 'source_too_long',
  TooDeep: 'too_deep',
  TooManyNodes: 'too_many_nodes',
  UnexpectedCharacter: 'unexpected_character',
  UnterminatedString: 'unterminated_string',
  InvalidEscape: 'invalid_escape',
  InvalidNumber: 'invalid_number',
  UnexpectedToken: 'unexpected_token',
  UnexpectedEnd: 'unexpected_end',
  TrailingInput: 'trailing_input',
  ChainedComparison: 'chained_comparison',
  UnknownFunction: 'unknown_function',
  UnknownName: 'unknown_name',
  UnknownArgument: 'unknown_argument',
  DuplicateArgument: 'duplicate_argument',
  PositionalAfterNamed: 'positional_after_named',
  TooManyArguments: 'too_many_arguments',
  MissingArgument: 'missing_argument',
  BadArgumentType: 'bad_argument_type',
  BadArgumentValue: 'bad_argument_value',
  BadDuration: 'bad_duration',
} as const;

export type FormulaErrorCode = (typeof FormulaErrorCode)[keyof typeof FormulaErrorCode];

/** One problem in a formula, located precisely enough to underline it. */
export interface FormulaDiagnostic {
  readonly code: FormulaErrorCode;
  /** One sentence, e.g. `unknown function 'cout', did you mean 'count'?` */
  readonly message: string;
  /** What to do about it, e.g. `write count(...)`. */
  readonly hint: string;
  readonly span: SourceSpan;
}

/** Diagnostics in source order; the same code at the same place is kept once. */
export class DiagnosticBag {
  private readonly items: FormulaDiagnostic[] = [];

  add(diagnostic: FormulaDiagnostic): void {
    const duplicate = this.items.some(
      (item) => item.code === diagnostic.code && item.span.offset === diagnostic.span.offset,
    );
    if (!duplicate) this.items.push(diagnostic);
  }

  get size(): number {
    return this.items.length;
  }

  sorted(): FormulaDiagnostic[] {
    return [...this.items].sort((a, b) => a.span.offset - b.span.offset);
  }
}
