/**
 * Bounds that keep any formula, however pathological, cheap to check and to run. Parsing and
 * checking enforce the first four (as diagnostics); evaluation enforces the rest (as
 * FormulaLimitError).
 */
export interface FormulaLimits {
  /** Longest source text, in UTF-16 code units. */
  readonly maxSourceLength: number;
  /** Deepest nesting of parentheses, calls and unary operators. */
  readonly maxDepth: number;
  /** Most AST nodes (literals, operators, calls) in one formula. */
  readonly maxNodes: number;
  /** Largest `window=` of moving_average. */
  readonly maxWindow: number;
  /** Most points in the requested range (range / interval). */
  readonly maxPoints: number;
  /** Most points read before the range by window functions (moving_average, counter_rate). */
  readonly maxLookbackPoints: number;
  /** Most distinct data queries (after dedupe) in one evaluation. */
  readonly maxQueries: number;
  /** Time budget of one evaluation, data fetch included. */
  readonly timeoutMs: number;
}

export const DEFAULT_FORMULA_LIMITS: FormulaLimits = Object.freeze({
  maxSourceLength: 2_000,
  maxDepth: 32,
  maxNodes: 500,
  maxWindow: 1_000,
  maxPoints: 10_000,
  maxLookbackPoints: 10_000,
  maxQueries: 50,
  timeoutMs: 10_000,
});

export function resolveLimits(overrides: Partial<FormulaLimits> | undefined): FormulaLimits {
  return { ...DEFAULT_FORMULA_LIMITS, ...overrides };
}
