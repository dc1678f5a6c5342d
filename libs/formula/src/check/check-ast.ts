import { closestMatch } from '../diagnostics/did-you-mean';
import { type DiagnosticBag, FormulaErrorCode } from '../diagnostics/formula-diagnostic';
import {
  findFunction,
  type FormulaFunctionInfo,
  type FormulaParameterInfo,
  suggestFunctionName,
} from '../catalogue/function-catalogue';
import type { FormulaLimits } from '../formula-limits';
import type { CallArgument, CallExpression, FormulaNode } from '../syntax/formula-ast';
import type { SourceSpan } from '../syntax/source-span';
import { countGlobStars, EVENT_ID_GLOB_MAX_STARS } from '../evaluate/event-id-glob';
import { parseDuration } from './duration';

/** Whether an expression varies over time (a series) or is one number everywhere (a scalar). */
export type ValueKind = 'series' | 'scalar';

/** A call matched to its catalogue entry, arguments bound to parameter names. */
export interface ResolvedCall {
  readonly function: FormulaFunctionInfo;
  /** Expression arguments (`value` parameters) by parameter name. */
  readonly values: ReadonlyMap<string, FormulaNode>;
  /** Literal arguments decoded: strings as written, durations in ms, numbers. */
  readonly literals: ReadonlyMap<string, string | number>;
}

export interface CheckOutcome {
  readonly calls: ReadonlyMap<CallExpression, ResolvedCall>;
  readonly kind: ValueKind;
}

export interface CheckOptions {
  readonly limits: FormulaLimits;
  readonly incompleteCalls?: ReadonlySet<CallExpression>;
  readonly flawedLiterals?: ReadonlySet<FormulaNode>;
}

const MAX_STRING_ARGUMENT = 256;
const LITERAL_EXAMPLES: Readonly<Record<string, number>> = { window: 6, decimals: 2, p: 95 };

/** Stops the walk when an AST built by hand (not parsed) exceeds the node limit. */
class TooLarge extends Error {}

/**
 * Semantic checks over a parsed formula: known functions (with did-you-mean), argument
 * binding (arity, names, duplicates), argument types and values, and numbers-only arithmetic.
 * Reports every problem it finds rather than stopping at the first.
 */
export function checkAst(
  ast: FormulaNode,
  diagnostics: DiagnosticBag,
  options: CheckOptions,
): CheckOutcome {
  const checker = new Checker(diagnostics, options);
  try {
    return { calls: checker.calls, kind: checker.visit(ast) };
  } catch (error) {
    if (error instanceof TooLarge) return { calls: checker.calls, kind: 'series' };
    throw error;
  }
}

class Checker {
  readonly calls = new Map<CallExpression, ResolvedCall>();
  private visited = 0;

  constructor(
    private readonly diagnostics: DiagnosticBag,
    private readonly options: CheckOptions,
  ) {}

  /** Checks a node in a place where a number or series is expected. */
  visit(node: FormulaNode): ValueKind {
    this.visited++;
    if (this.visited > this.options.limits.maxNodes) {
      this.report(
        FormulaErrorCode.TooManyNodes,
        `formula has more than ${this.options.limits.maxNodes} parts`,
        'split it into simpler formulas',
        node.span,
      );
      throw new TooLarge();
    }
    switch (node.type) {
      case 'number':
        return 'scalar';
      case 'string':
        if (!this.options.flawedLiterals?.has(node)) {
          this.report(
            FormulaErrorCode.BadArgumentType,
            'a string cannot be used as a number',
            'strings only go in arguments such as eventId="checkout.*" or shift="1d"',
            node.span,
          );
        }
        return 'scalar';
      case 'unary':
        return this.visit(node.operand);
      case 'binary': {
        const left = this.visit(node.left);
        const right = this.visit(node.right);
        return left === 'series' || right === 'series' ? 'series' : 'scalar';
      }
      case 'call':
        return this.visitCall(node);
    }
  }

  private visitCall(call: CallExpression): ValueKind {
    const fn = findFunction(call.name);
    if (!fn) {
      const suggestion = suggestFunctionName(call.name);
      this.report(
        FormulaErrorCode.UnknownFunction,
        suggestion
          ? `unknown function '${call.name}', did you mean '${suggestion}'?`
          : `unknown function '${call.name}'`,
        suggestion
          ? `write ${suggestion}(...)`
          : 'GET /api/v1/formulas/functions lists every function',
        call.nameSpan,
      );
      for (const arg of call.args) this.visitLoose(arg.value);
      return 'series';
    }
    const bound = this.bind(call, fn);
    const values = new Map<string, FormulaNode>();
    const literals = new Map<string, string | number>();
    let anySeries = false;
    for (const [parameter, arg] of bound) {
      if (parameter.kind === 'value') {
        values.set(parameter.name, arg.value);
        if (this.visit(arg.value) === 'series') anySeries = true;
      } else {
        const literal = this.literal(fn, parameter, arg.value);
        if (literal !== undefined) literals.set(parameter.name, literal);
      }
    }
    this.calls.set(call, { function: fn, values, literals });
    switch (fn.category) {
      case 'data':
        return 'series';
      case 'overall':
        return 'scalar';
      case 'window':
      case 'math':
      case 'comparison':
      case 'logic':
        return anySeries ? 'series' : 'scalar';
    }
  }

  /** Matches arguments to parameters; reports what does not fit and leaves it out. */
  private bind(
    call: CallExpression,
    fn: FormulaFunctionInfo,
  ): Map<FormulaParameterInfo, CallArgument> {
    const bound = new Map<FormulaParameterInfo, CallArgument>();
    const positional = fn.parameters.filter((parameter) => parameter.positional);
    let nextPositional = 0;
    let namedSeen = false;
    // A misspelt name (`windw=6`) already told which parameter was meant; it is not also missing.
    const meant = new Set<string>();
    for (const arg of call.args) {
      const parameter =
        arg.name === undefined
          ? this.positionalParameter(call, fn, arg, positional, nextPositional++, namedSeen)
          : this.namedParameter(fn, arg, meant);
      if (arg.name !== undefined) namedSeen = true;
      if (!parameter) {
        this.visitLoose(arg.value);
        continue;
      }
      if (bound.has(parameter)) {
        this.report(
          FormulaErrorCode.DuplicateArgument,
          `argument '${parameter.name}' of ${fn.name}() is given twice`,
          `keep one ${parameter.name}`,
          arg.span,
        );
        this.visitLoose(arg.value);
        continue;
      }
      bound.set(parameter, arg);
    }
    if (!this.options.incompleteCalls?.has(call)) {
      for (const parameter of fn.parameters) {
        if (parameter.required && !bound.has(parameter) && !meant.has(parameter.name)) {
          this.report(
            FormulaErrorCode.MissingArgument,
            `${fn.name}() needs the argument '${parameter.name}'`,
            `${fn.signature}, e.g. ${fn.example}`,
            call.span,
          );
        }
      }
    }
    return bound;
  }

  private positionalParameter(
    call: CallExpression,
    fn: FormulaFunctionInfo,
    arg: CallArgument,
    positional: readonly FormulaParameterInfo[],
    index: number,
    namedSeen: boolean,
  ): FormulaParameterInfo | undefined {
    if (namedSeen) {
      this.report(
        FormulaErrorCode.PositionalAfterNamed,
        `positional argument after a named one in ${fn.name}()`,
        'put positional arguments first, or name this one',
        arg.span,
      );
      return undefined;
    }
    if (index >= positional.length) {
      const count = positional.length;
      this.report(
        FormulaErrorCode.TooManyArguments,
        `${fn.name}() takes ${count === 0 ? 'no' : `at most ${count}`} positional argument${count === 1 ? '' : 's'}, got ${call.args.filter((a) => a.name === undefined).length}`,
        `${fn.signature}, e.g. ${fn.example}`,
        arg.span,
      );
      return undefined;
    }
    return positional[index];
  }

  private namedParameter(
    fn: FormulaFunctionInfo,
    arg: CallArgument,
    meant: Set<string>,
  ): FormulaParameterInfo | undefined {
    const name = arg.name ?? '';
    const parameter = fn.parameters.find((candidate) => candidate.name === name);
    if (parameter) return parameter;
    const names = fn.parameters.map((candidate) => candidate.name);
    const suggestion = closestMatch(name, names);
    if (suggestion !== undefined) meant.add(suggestion);
    this.report(
      FormulaErrorCode.UnknownArgument,
      suggestion
        ? `unknown argument '${name}' for ${fn.name}(), did you mean '${suggestion}'?`
        : `unknown argument '${name}' for ${fn.name}()`,
      names.length === 0
        ? `${fn.name}() takes no named arguments`
        : `${fn.name}() takes ${names.join(', ')}`,
      arg.nameSpan ?? arg.span,
    );
    return undefined;
  }

  /** Decodes a literal argument (string, duration, integer, number), reporting bad ones. */
  private literal(
    fn: FormulaFunctionInfo,
    parameter: FormulaParameterInfo,
    node: FormulaNode,
  ): string | number | undefined {
    if (this.options.flawedLiterals?.has(node)) return undefined;
    const where = `${parameter.name} of ${fn.name}()`;
    switch (parameter.kind) {
      case 'value':
        return undefined;
      case 'string':
      case 'duration': {
        if (node.type !== 'string') {
          this.report(
            FormulaErrorCode.BadArgumentType,
            `${where} must be a "string"`,
            this.stringHint(fn, parameter),
            node.span,
          );
          this.visitLoose(node);
          return undefined;
        }
        if (parameter.kind === 'duration') return this.durationValue(where, node.value, node.span);
        const value = this.stringValue(where, node.value, node.span);
        return parameter.name === 'eventId' && value !== undefined
          ? this.globValue(where, value, node.span)
          : value;
      }
      case 'integer':
      case 'number':
        return this.numberValue(where, parameter, node);
    }
  }

  private stringHint(fn: FormulaFunctionInfo, parameter: FormulaParameterInfo): string {
    if (parameter.kind === 'duration') return `write ${parameter.name}="1d" (m, h, d or w)`;
    // min(a, b) / max(a, b) is the usual mistake: here they aggregate data, not compare values.
    if (fn.name === 'min') {
      return 'min() is the quietest minute of the events it filters; for the smaller of two values write ifelse(a < b, a, b)';
    }
    if (fn.name === 'max') {
      return 'max() is the busiest minute of the events it filters; for the larger of two values write ifelse(a > b, a, b)';
    }
    return parameter.name === 'eventId'
      ? `write ${fn.name}(eventId="checkout.*")`
      : `write ${parameter.name}="..."`;
  }

  private stringValue(where: string, value: string, span: SourceSpan): string | undefined {
    if (value.length === 0 || value.length > MAX_STRING_ARGUMENT) {
      this.report(
        FormulaErrorCode.BadArgumentValue,
        `${where} must be 1 to ${MAX_STRING_ARGUMENT} characters long`,
        value.length === 0 ? 'leave the argument out to match everything' : 'shorten it',
        span,
      );
      return undefined;
    }
    return value;
  }

  private globValue(where: string, glob: string, span: SourceSpan): string | undefined {
    if (countGlobStars(glob) <= EVENT_ID_GLOB_MAX_STARS) return glob;
    this.report(
      FormulaErrorCode.BadArgumentValue,
      `${where} may hold at most ${EVENT_ID_GLOB_MAX_STARS} "*" wildcards`,
      'match on fixed parts of the id, e.g. eventId="checkout.*.click"',
      span,
    );
    return undefined;
  }

  private durationValue(where: string, value: string, span: SourceSpan): number | undefined {
    const parsed = parseDuration(value);
    if ('ms' in parsed) return parsed.ms;
    this.report(
      FormulaErrorCode.BadDuration,
      `bad duration '${value}' for ${where}: ${parsed.problem}`,
      'write a whole number and a unit m, h, d or w, e.g. "30m", "1h", "1d", "1w", "1d12h"',
      span,
    );
    return undefined;
  }

  private numberValue(
    where: string,
    parameter: FormulaParameterInfo,
    node: FormulaNode,
  ): number | undefined {
    const literal = numericLiteral(node);
    if (literal === undefined) {
      this.report(
        FormulaErrorCode.BadArgumentType,
        `${where} must be a number written in the formula, not computed`,
        `e.g. ${parameter.name}=${LITERAL_EXAMPLES[parameter.name] ?? 1}`,
        node.span,
      );
      this.visitLoose(node);
      return undefined;
    }
    const min = parameter.min ?? -Infinity;
    const max =
      parameter.name === 'window' ? this.options.limits.maxWindow : (parameter.max ?? Infinity);
    const wholeNeeded = parameter.kind === 'integer';
    if ((wholeNeeded && !Number.isInteger(literal)) || literal < min || literal > max) {
      const range = `${Number.isFinite(min) ? min : '-∞'} to ${Number.isFinite(max) ? max : '∞'}`;
      this.report(
        FormulaErrorCode.BadArgumentValue,
        `${where} must be ${wholeNeeded ? 'a whole number' : 'a number'} from ${range}, got ${literal}`,
        `use a value from ${range}`,
        node.span,
      );
      return undefined;
    }
    return literal;
  }

  /** Visits an argument that could not be bound, to still report problems inside it. */
  private visitLoose(node: FormulaNode): void {
    if (node.type !== 'string') this.visit(node);
  }

  private report(code: FormulaErrorCode, message: string, hint: string, span: SourceSpan): void {
    this.diagnostics.add({ code, message, hint, span });
  }
}

/** The value of `6`, `-2` or `+0.5`; undefined for anything computed. */
function numericLiteral(node: FormulaNode): number | undefined {
  if (node.type === 'number') return node.value;
  if (node.type === 'unary' && node.operand.type === 'number') {
    return node.operator === '-' ? -node.operand.value : node.operand.value;
  }
  return undefined;
}
