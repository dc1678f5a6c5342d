import type { FormulaDiagnostic } from './formula-diagnostic';

/**
 * A diagnostic as plain text with the offending line and a caret underline, for logs, CLIs and
 * test failure messages:
 *
 *   line 2, column 3: unknown function 'cout', did you mean 'count'?
 *     / cout()
 *       ^^^^
 *   hint: write count(...)
 */
export function formatDiagnostic(source: string, diagnostic: FormulaDiagnostic): string {
  const { line, column, length } = diagnostic.span;
  const text = source.split(/\r\n|\r|\n/)[line - 1] ?? '';
  const width = Math.max(1, Math.min(length, text.length - column + 1));
  return [
    `line ${line}, column ${column}: ${diagnostic.message}`,
    `  ${text}`,
    `  ${' '.repeat(column - 1)}${'^'.repeat(width)}`,
    `hint: ${diagnostic.hint}`,
  ].join('\n');
}
