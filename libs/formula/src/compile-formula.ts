import { checkAst, type ValueKind } from './check/check-ast';
import { DiagnosticBag, type FormulaDiagnostic } from './diagnostics/formula-diagnostic';
import { type FormulaLimits, resolveLimits } from './formula-limits';
import type { FormulaNode } from './syntax/formula-ast';
import { parseSource } from './syntax/parser';

export interface CompileOptions {
  /** Tighter or looser bounds than DEFAULT_FORMULA_LIMITS (only the fields given change). */
  readonly limits?: Partial<FormulaLimits>;
}

/** A formula that parsed and checked: safe to evaluate. */
export interface CompiledFormula {
  readonly source: string;
  readonly ast: FormulaNode;
  /** `scalar` when no part varies over time (e.g. `1 + 2`); evaluation then repeats it per point. */
  readonly kind: ValueKind;
}

export type CompileResult =
  | { readonly ok: true; readonly formula: CompiledFormula; readonly diagnostics: readonly [] }
  | { readonly ok: false; readonly diagnostics: readonly FormulaDiagnostic[] };

export interface ParseResult {
  /** The syntax tree, or null when there is any syntax error (see diagnostics). */
  readonly ast: FormulaNode | null;
  /** Syntax errors only; compileFormula adds the semantic ones. */
  readonly diagnostics: readonly FormulaDiagnostic[];
}

/** Syntax only: the AST with positions, or the syntax errors. Never throws. */
export function parseFormula(source: string, options: CompileOptions = {}): ParseResult {
  const diagnostics = new DiagnosticBag();
  const parsed = parseSource(source, resolveLimits(options.limits), diagnostics);
  return diagnostics.size === 0
    ? { ast: parsed.ast, diagnostics: [] }
    : { ast: null, diagnostics: diagnostics.sorted() };
}

/**
 * Parses and checks a formula, reporting every syntax and semantic problem found (in source
 * order). This is what `POST /formulas/validate` answers with. Never throws.
 */
export function compileFormula(source: string, options: CompileOptions = {}): CompileResult {
  const limits = resolveLimits(options.limits);
  const diagnostics = new DiagnosticBag();
  const parsed = parseSource(source, limits, diagnostics);
  if (parsed.ast === null) return { ok: false, diagnostics: diagnostics.sorted() };
  const checked = checkAst(parsed.ast, diagnostics, {
    limits,
    incompleteCalls: parsed.incompleteCalls,
    flawedLiterals: parsed.flawedLiterals,
  });
  if (diagnostics.size > 0) return { ok: false, diagnostics: diagnostics.sorted() };
  return { ok: true, formula: { source, ast: parsed.ast, kind: checked.kind }, diagnostics: [] };
}
