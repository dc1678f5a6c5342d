// Parsing and checking
export {
  compileFormula,
  parseFormula,
  type CompiledFormula,
  type CompileOptions,
  type CompileResult,
  type ParseResult,
} from './compile-formula';
export type { ValueKind } from './check/check-ast';
export { parseDuration, formatDuration, MAX_SHIFT_MS, type DurationParse } from './check/duration';
export type {
  ArithmeticOperator,
  BinaryExpression,
  BinaryOperator,
  CallArgument,
  CallExpression,
  ComparisonOperator,
  FormulaNode,
  NumberLiteral,
  StringLiteral,
  UnaryExpression,
  UnaryOperator,
} from './syntax/formula-ast';
export type { SourceSpan } from './syntax/source-span';
export { FormulaErrorCode, type FormulaDiagnostic } from './diagnostics/formula-diagnostic';
export { formatDiagnostic } from './diagnostics/format-diagnostic';

// Catalogue
export {
  FORMULA_FUNCTIONS,
  FORMULA_FUNCTION_NAMES,
  findFunction,
  type FormulaFunctionInfo,
  type FormulaFunctionName,
  type FormulaParameterInfo,
  type FunctionCategory,
  type ParameterKind,
} from './catalogue/function-catalogue';
export { FORMULA_EXAMPLES, type FormulaExample } from './catalogue/formula-examples';

// Limits and errors
export { DEFAULT_FORMULA_LIMITS, type FormulaLimits } from './formula-limits';
export {
  FormulaError,
  FormulaLimitError,
  FormulaRangeError,
  FormulaValidationError,
  type FormulaLimitName,
} from './formula-errors';

// Evaluation and the data-source contract
export {
  evaluateFormula,
  type EvaluationContext,
  type FormulaSeries,
} from './evaluate/evaluate-formula';
export { chooseIntervalMs, type TimeRange } from './evaluate/time-grid';
export {
  FORMULA_DIMENSION_KEYS,
  type DataAggregation,
  type DataFetchOptions,
  type DataQuery,
  type FormulaDataSource,
  type FormulaDimensionKey,
} from './evaluate/data-query';
export { aggregateBuckets, fitsBuckets, type CountBucket } from './evaluate/aggregate-buckets';
export {
  compileEventIdGlob,
  countGlobStars,
  EVENT_ID_GLOB_MAX_STARS,
  eventIdGlobLiteralPrefix,
  matchesEventIdGlob,
  type EventIdGlobMatcher,
} from './evaluate/event-id-glob';

// Plain English
export {
  suggestFormulas,
  type FormulaSuggestion,
  type SuggestResult,
} from './suggest/suggest-formulas';
