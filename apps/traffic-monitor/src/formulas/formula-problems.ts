import { type FormulaDiagnosticError, ValidationFailedError } from '@vantage/contracts';
import type { FormulaDiagnostic } from '@vantage/formula';

/** A diagnostic as the client sees it, in validate's answer and in a 400's `errors[]`. */
export function toDiagnosticError(diagnostic: FormulaDiagnostic): FormulaDiagnosticError {
  return {
    field: 'expression',
    code: diagnostic.code,
    message: diagnostic.message,
    hint: diagnostic.hint,
    line: diagnostic.span.line,
    column: diagnostic.span.column,
    offset: diagnostic.span.offset,
    length: diagnostic.span.length,
  };
}

/**
 * The 400 for a formula that does not parse or check. The detail names the first problem with
 * its position; `errors[]` carries every one with line, column and hint, so an editor can
 * underline them all.
 */
export function invalidFormula(
  diagnostics: readonly FormulaDiagnostic[],
  field = 'expression',
): ValidationFailedError {
  const errors = diagnostics.map((diagnostic) => ({ ...toDiagnosticError(diagnostic), field }));
  const first = errors[0];
  const detail = first
    ? `the formula is not valid: ${first.message} (line ${first.line}, column ${first.column})`
    : 'the formula is not valid';
  return new ValidationFailedError(detail, errors);
}
