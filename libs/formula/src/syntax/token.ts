/** The lexer's output: what the parser consumes. */
export type TokenKind =
  | 'number'
  | 'string'
  | 'identifier'
  | 'operator'
  | 'lparen'
  | 'rparen'
  | 'comma'
  | 'assign'
  | 'eof';

export type OperatorText = '+' | '-' | '*' | '/' | '%' | '<' | '<=' | '>' | '>=' | '==' | '!=';

export interface Token {
  readonly kind: TokenKind;
  /** The raw text as written (quotes and escapes included for strings). */
  readonly text: string;
  /** Decoded value: the number of a number token, the unescaped text of a string token. */
  readonly value: string | number;
  readonly offset: number;
  readonly length: number;
  /**
   * The lexer already reported a problem with this token (bad escape, unterminated string, a
   * number glued to letters). Later stages keep it to go on parsing but report nothing more
   * about it, so one typo gives one error.
   */
  readonly flawed: boolean;
}

/** How a token reads in an error message. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'eof':
      return 'end of input';
    case 'string':
      return `string ${token.text}`;
    case 'number':
      return `number ${token.text}`;
    case 'identifier':
      return `name '${token.text}'`;
    case 'operator':
    case 'lparen':
    case 'rparen':
    case 'comma':
    case 'assign':
      return `'${token.text}'`;
  }
}
