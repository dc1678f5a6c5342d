import type { FormulaDiagnostic } from './diagnostics/formula-diagnostic';
import type { FormulaLimits } from './formula-limits';

/**
 * Errors thrown by this library. All of them are the caller's fault (a bad formula, range or
 * a limit exceeded), so a service maps every FormulaError to a 4xx. Anything else thrown during
 * evaluation comes from the data source.
 */
export abstract class FormulaError extends Error {
  abstract readonly kind: 'validation' | 'limit' | 'range';
}

/** The formula does not parse or check; `diagnostics` lists every problem found (at least one). */
export class FormulaValidationError extends FormulaError {
  readonly kind = 'validation';

  constructor(readonly diagnostics: readonly FormulaDiagnostic[]) {
    super(diagnostics.map((d) => `${d.span.line}:${d.span.column} ${d.message}`).join('; '));
    this.name = 'FormulaValidationError';
  }
}

/** Which bound an evaluation ran into. */
export type FormulaLimitName = keyof Pick<
  FormulaLimits,
  'maxPoints' | 'maxLookbackPoints' | 'maxQueries' | 'timeoutMs'
>;

/** An evaluation would exceed a bound (points, look-back, queries) or ran out of time. */
export class FormulaLimitError extends FormulaError {
  readonly kind = 'limit';

  constructor(
    readonly limit: FormulaLimitName,
    /** The bound that applied. */
    readonly maximum: number,
    message: string,
  ) {
    super(message);
    this.name = 'FormulaLimitError';
  }
}

/** The range or interval asked for is unusable (`to` not after `from`, interval not whole minutes). */
export class FormulaRangeError extends FormulaError {
  readonly kind = 'range';

  constructor(message: string) {
    super(message);
    this.name = 'FormulaRangeError';
  }
}
