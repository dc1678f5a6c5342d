import { checkAst, type ResolvedCall } from '../check/check-ast';
import type { FormulaFunctionName } from '../catalogue/function-catalogue';
import { compileFormula, type CompiledFormula } from '../compile-formula';
import { DiagnosticBag } from '../diagnostics/formula-diagnostic';
import { FormulaValidationError } from '../formula-errors';
import { type FormulaLimits, resolveLimits } from '../formula-limits';
import type { BinaryOperator, CallExpression, FormulaNode } from '../syntax/formula-ast';
import type { FormulaDataSource } from './data-query';
import { Deadline } from './deadline';
import { argumentLookback, planQueries, resolved, type QueryPlan } from './query-plan';
import {
  clamp,
  definedStatistic,
  divide,
  expand,
  finite,
  logarithm,
  map1,
  mapN,
  remainder,
  roundTo,
  type SeriesValue,
  truth,
} from './series-value';
import {
  buildTimeGrid,
  MINUTE_MS,
  partialPoints,
  type TimeGrid,
  type TimeRange,
} from './time-grid';

export interface EvaluationContext {
  readonly range: TimeRange;
  /** Width of one point; a positive whole number of minutes. */
  readonly intervalMs: number;
  readonly source: FormulaDataSource;
  /** Cancels the evaluation (e.g. the client went away); reported as a timeoutMs limit. */
  readonly signal?: AbortSignal;
  readonly limits?: Partial<FormulaLimits>;
  /**
   * The present, epoch ms: an interval ending after it is still filling and its point is
   * partial. Without it only the range decides (the library reads no clock).
   */
  readonly now?: number;
}

/** A formula's result: one value per interval, null where it is undefined. */
export interface FormulaSeries {
  /** The range as asked, epoch ms (`from` and `to` below are the effective, aligned one). */
  readonly requested: { readonly from: number; readonly to: number };
  /** Start of the first interval (the range start aligned down, see buildTimeGrid). */
  readonly from: number;
  /** End of the last interval (exclusive); may lie after the requested `to`. */
  readonly to: number;
  readonly intervalMs: number;
  /** Start of each interval, epoch ms. */
  readonly timestamps: readonly number[];
  /**
   * One value per timestamp. null where the formula is undefined: division or remainder by
   * zero, sqrt/log out of domain, an overflow, an undefined input, or data the source reported
   * as unknown. Never NaN or Infinity, so it serialises to JSON as is.
   */
  readonly values: readonly (number | null)[];
  /**
   * One flag per timestamp: true where the interval is not all inside the requested range (its
   * value counts the whole interval) or has not ended at `now` (see partialPoints).
   */
  readonly partial: readonly boolean[];
  /** Distinct data queries sent to the source (after dedupe). */
  readonly queries: number;
}

/**
 * Evaluates a formula over a time range: checks it (a string is compiled first; an AST is
 * re-checked, since it may have been built by hand), plans and dedupes its data queries,
 * fetches them in one call to the source, then computes point by point.
 *
 * Throws FormulaValidationError (bad formula), FormulaRangeError (bad range or interval),
 * FormulaLimitError (too many points, look-back points or queries, or out of time); anything
 * else comes from the source.
 */
export async function evaluateFormula(
  formula: CompiledFormula | FormulaNode | string,
  context: EvaluationContext,
): Promise<FormulaSeries> {
  const limits = resolveLimits(context.limits);
  const ast = toAst(formula, limits);
  const diagnostics = new DiagnosticBag();
  const { calls } = checkAst(ast, diagnostics, { limits });
  if (diagnostics.size > 0) throw new FormulaValidationError(diagnostics.sorted());

  const grid = buildTimeGrid(context.range, context.intervalMs, limits);
  const plan = planQueries(ast, calls, grid, limits);
  const deadline = new Deadline(limits.timeoutMs, context.signal);
  try {
    const data = await fetchAll(plan, context.source, deadline);
    const value = new Evaluator(calls, plan, data, grid, deadline).evaluate(ast, 0);
    const series = expand(value, grid.points);
    return {
      requested: { from: grid.requestedFrom, to: grid.requestedTo },
      from: grid.from,
      to: grid.to,
      intervalMs: grid.intervalMs,
      timestamps: Array.from({ length: grid.points }, (_, i) => grid.from + i * grid.intervalMs),
      values: Array.from(series, (x) => (Number.isFinite(x) ? x + 0 : null)),
      partial: partialPoints(grid, context.now),
      queries: plan.queries.length,
    };
  } finally {
    deadline.dispose();
  }
}

function toAst(
  formula: CompiledFormula | FormulaNode | string,
  limits: FormulaLimits,
): FormulaNode {
  if (typeof formula !== 'string') return 'ast' in formula ? formula.ast : formula;
  const compiled = compileFormula(formula, { limits });
  if (!compiled.ok) throw new FormulaValidationError(compiled.diagnostics);
  return compiled.formula.ast;
}

async function fetchAll(
  plan: QueryPlan,
  source: FormulaDataSource,
  deadline: Deadline,
): Promise<Float64Array[]> {
  if (plan.queries.length === 0) return [];
  deadline.check();
  const answer = await deadline.race(source.fetchSeries(plan.queries, { signal: deadline.signal }));
  if (answer.length !== plan.queries.length) {
    throw new Error(
      `data source answered ${answer.length} series for ${plan.queries.length} queries`,
    );
  }
  return plan.queries.map((query, i) => {
    const values = answer[i];
    if (values.length !== query.points) {
      throw new Error(
        `data source answered ${values.length} points for query ${query.key}, expected ${query.points}`,
      );
    }
    return Float64Array.from(values, (x) => (x === null ? NaN : finite(x)));
  });
}

/** How often (in points) long loops look at the clock. */
const CHECK_EVERY = 4_096;

class Evaluator {
  constructor(
    private readonly calls: ReadonlyMap<CallExpression, ResolvedCall>,
    private readonly plan: QueryPlan,
    private readonly data: readonly Float64Array[],
    private readonly grid: TimeGrid,
    private readonly deadline: Deadline,
  ) {}

  /**
   * The node's value over the range plus `extra` points before it (a series of
   * `extra + grid.points` values), as window functions above it need.
   */
  evaluate(node: FormulaNode, extra: number): SeriesValue {
    this.deadline.check();
    switch (node.type) {
      case 'number':
        return node.value;
      case 'string':
        // The checker rejects strings in value positions; unreachable for checked formulas.
        return NaN;
      case 'unary': {
        const operand = this.evaluate(node.operand, extra);
        return node.operator === '-' ? map1(operand, (x) => -x) : operand;
      }
      case 'binary':
        return this.binary(
          node.operator,
          this.evaluate(node.left, extra),
          this.evaluate(node.right, extra),
        );
      case 'call':
        return this.call(node, extra);
    }
  }

  private binary(operator: BinaryOperator, left: SeriesValue, right: SeriesValue): SeriesValue {
    const pair = (f: (a: number, b: number) => number): SeriesValue =>
      mapN([left, right], ([a, b]) => f(a, b));
    switch (operator) {
      case '+':
        return pair((a, b) => a + b);
      case '-':
        return pair((a, b) => a - b);
      case '*':
        return pair((a, b) => a * b);
      case '/':
        return pair(divide);
      case '%':
        return pair(remainder);
      case '<':
        return pair((a, b) => truth(a, b, (x, y) => x < y));
      case '<=':
        return pair((a, b) => truth(a, b, (x, y) => x <= y));
      case '>':
        return pair((a, b) => truth(a, b, (x, y) => x > y));
      case '>=':
        return pair((a, b) => truth(a, b, (x, y) => x >= y));
      case '==':
        return pair((a, b) => truth(a, b, (x, y) => x === y));
      case '!=':
        return pair((a, b) => truth(a, b, (x, y) => x !== y));
    }
  }

  private call(node: CallExpression, extra: number): SeriesValue {
    const call = resolved(this.calls, node);
    const name: FormulaFunctionName = call.function.name;
    const inner = argumentLookback(call, extra);
    const arg = (parameter: string): SeriesValue => {
      const value = call.values.get(parameter);
      return value === undefined ? NaN : this.evaluate(value, inner);
    };
    const both = (f: (a: number, b: number) => number): SeriesValue =>
      mapN([arg('a'), arg('b')], ([a, b]) => f(a, b));
    switch (name) {
      case 'count':
      case 'sum':
      case 'median':
      case 'percentile':
      case 'standard_deviation':
      case 'min':
      case 'max':
        return this.dataValues(node, extra);
      case 'average': {
        const minutes = this.grid.intervalMs / MINUTE_MS;
        return map1(this.dataValues(node, extra), (x) => x / minutes);
      }
      case 'moving_average':
        return this.movingAverage(arg('value'), Number(call.literals.get('window')), extra);
      case 'cumulative_sum':
        return this.padded(this.cumulativeSum(arg('value')), extra);
      case 'counter_rate':
        return this.counterRate(arg('value'));
      case 'overall_average':
        return this.overall(arg('value'), 'average');
      case 'overall_sum':
        return this.overall(arg('value'), 'sum');
      case 'overall_min':
        return this.overall(arg('value'), 'min');
      case 'overall_max':
        return this.overall(arg('value'), 'max');
      case 'overall_standard_deviation':
        return this.overall(arg('value'), 'standard_deviation');
      case 'abs':
        return map1(arg('value'), Math.abs);
      case 'sqrt':
        return map1(arg('value'), Math.sqrt);
      case 'log':
        return call.values.has('base')
          ? mapN([arg('value'), arg('base')], ([x, base]) => logarithm(x, base))
          : map1(arg('value'), (x) => (x <= 0 ? NaN : Math.log(x)));
      case 'pow':
        return mapN([arg('base'), arg('exponent')], ([base, exponent]) => base ** exponent);
      case 'round': {
        const decimals = Number(call.literals.get('decimals') ?? 0);
        return map1(arg('value'), (x) => roundTo(x, decimals));
      }
      case 'clamp':
        return mapN([arg('value'), arg('min'), arg('max')], ([x, min, max]) => clamp(x, min, max));
      case 'defaults':
        return mapN([arg('value'), arg('fallback')], ([x, fallback]) =>
          Number.isNaN(x) ? fallback : x,
        );
      case 'eq':
        return both((a, b) => truth(a, b, (x, y) => x === y));
      case 'ne':
        return both((a, b) => truth(a, b, (x, y) => x !== y));
      case 'gt':
        return both((a, b) => truth(a, b, (x, y) => x > y));
      case 'gte':
        return both((a, b) => truth(a, b, (x, y) => x >= y));
      case 'lt':
        return both((a, b) => truth(a, b, (x, y) => x < y));
      case 'lte':
        return both((a, b) => truth(a, b, (x, y) => x <= y));
      case 'and':
        return both((a, b) => truth(a, b, (x, y) => x !== 0 && y !== 0));
      case 'or':
        return both((a, b) => truth(a, b, (x, y) => x !== 0 || y !== 0));
      case 'not':
        return map1(arg('value'), (x) => (Number.isNaN(x) ? NaN : x === 0 ? 1 : 0));
      case 'ifelse':
        return mapN([arg('condition'), arg('then'), arg('else')], ([condition, then, otherwise]) =>
          Number.isNaN(condition) ? NaN : condition !== 0 ? then : otherwise,
        );
    }
  }

  /** The call's query, without the look-back points this call does not need. */
  private dataValues(node: CallExpression, extra: number): Float64Array {
    const index = this.plan.queryOf.get(node);
    if (index === undefined) throw new Error(`data call ${node.name}() was not planned`);
    const values = this.data[index];
    return values.subarray(values.length - this.grid.points - extra);
  }

  /** Mean of the defined points among the last `window`; `value` holds window - 1 more points. */
  private movingAverage(value: SeriesValue, window: number, extra: number): SeriesValue {
    if (typeof value === 'number') return value;
    const out = new Float64Array(extra + this.grid.points);
    for (let i = 0; i < out.length; i++) {
      if (i % CHECK_EVERY === 0) this.deadline.check();
      let sum = 0;
      let count = 0;
      for (let k = i; k < i + window; k++) {
        const x = value[k];
        if (!Number.isNaN(x)) {
          sum += x;
          count++;
        }
      }
      out[i] = count === 0 ? NaN : finite(sum / count);
    }
    return out;
  }

  /** Running total over the range; undefined points add nothing. */
  private cumulativeSum(value: SeriesValue): Float64Array {
    const series = expand(value, this.grid.points);
    const out = new Float64Array(series.length);
    let total = 0;
    for (let i = 0; i < series.length; i++) {
      if (!Number.isNaN(series[i])) total += series[i];
      out[i] = finite(total);
    }
    return out;
  }

  /** Increase since the previous point; a decrease is a counter reset. `value` has one extra point. */
  private counterRate(value: SeriesValue): SeriesValue {
    if (typeof value === 'number') return Number.isNaN(value) ? NaN : 0;
    const out = new Float64Array(value.length - 1);
    for (let i = 0; i < out.length; i++) {
      const previous = value[i];
      const current = value[i + 1];
      if (Number.isNaN(previous) || Number.isNaN(current)) out[i] = NaN;
      else out[i] = finite(current >= previous ? current - previous : current);
    }
    return out;
  }

  private overall(
    value: SeriesValue,
    statistic: 'average' | 'sum' | 'min' | 'max' | 'standard_deviation',
  ): number {
    return finite(definedStatistic(expand(value, this.grid.points), statistic));
  }

  /** A range-anchored series with `extra` undefined points in front, for windows above it. */
  private padded(series: Float64Array, extra: number): Float64Array {
    if (extra === 0) return series;
    const out = new Float64Array(extra + series.length).fill(NaN);
    out.set(series, extra);
    return out;
  }
}
