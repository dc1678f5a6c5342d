import type { SourceSpan } from './source-span';

/** The parsed form of a formula. Every node knows where it was written. */
export type FormulaNode =
  NumberLiteral | StringLiteral | UnaryExpression | BinaryExpression | CallExpression;

export interface NumberLiteral {
  readonly type: 'number';
  readonly value: number;
  /** As written, e.g. `1e3`. */
  readonly raw: string;
  readonly span: SourceSpan;
}

export interface StringLiteral {
  readonly type: 'string';
  /** Unescaped. */
  readonly value: string;
  readonly span: SourceSpan;
}

export type UnaryOperator = '-' | '+';

export interface UnaryExpression {
  readonly type: 'unary';
  readonly operator: UnaryOperator;
  readonly operand: FormulaNode;
  readonly span: SourceSpan;
}

export type ArithmeticOperator = '+' | '-' | '*' | '/' | '%';
export type ComparisonOperator = '<' | '<=' | '>' | '>=' | '==' | '!=';
export type BinaryOperator = ArithmeticOperator | ComparisonOperator;

export interface BinaryExpression {
  readonly type: 'binary';
  readonly operator: BinaryOperator;
  readonly left: FormulaNode;
  readonly right: FormulaNode;
  readonly span: SourceSpan;
}

export interface CallExpression {
  readonly type: 'call';
  /** As written (the checker matches the catalogue exactly; `Count` is an unknown function). */
  readonly name: string;
  readonly nameSpan: SourceSpan;
  readonly args: readonly CallArgument[];
  /** From the name to the closing parenthesis. */
  readonly span: SourceSpan;
}

/** `value` alone (positional) or `name=value` (named). */
export interface CallArgument {
  readonly name?: string;
  readonly nameSpan?: SourceSpan;
  readonly value: FormulaNode;
  /** The whole argument, name included. */
  readonly span: SourceSpan;
}

export const COMPARISON_OPERATORS: readonly ComparisonOperator[] = [
  '<',
  '<=',
  '>',
  '>=',
  '==',
  '!=',
];

export function isComparison(operator: BinaryOperator): operator is ComparisonOperator {
  return (COMPARISON_OPERATORS as readonly string[]).includes(operator);
}
