import type { ResolvedCall } from '../check/check-ast';
import { type DataFunctionName, isDataFunction } from '../catalogue/function-catalogue';
import { FormulaLimitError } from '../formula-errors';
import type { FormulaLimits } from '../formula-limits';
import type { CallExpression, FormulaNode } from '../syntax/formula-ast';
import {
  type DataAggregation,
  type DataQuery,
  FORMULA_DIMENSION_KEYS,
  type FormulaDimensionKey,
} from './data-query';
import type { TimeGrid } from './time-grid';

/** What one data call reads, before the range is known. */
interface DataSelector {
  readonly aggregation: DataAggregation;
  readonly percentile?: number;
  readonly eventIdGlob?: string;
  readonly dimensions: Partial<Record<FormulaDimensionKey, string>>;
  readonly shiftMs: number;
}

/** Every query of an evaluation, and which one (and how far back) each data call reads. */
export interface QueryPlan {
  readonly queries: readonly DataQuery[];
  /** The query (index into `queries`) each data call reads. */
  readonly queryOf: ReadonlyMap<CallExpression, number>;
}

/**
 * How many points before the range an argument must be evaluated over so that the call has
 * `extra` points before the range itself: a moving average of window w needs w - 1 more,
 * counter_rate one more; cumulative and overall functions are anchored at the range start.
 */
export function argumentLookback(call: ResolvedCall, extra: number): number {
  switch (call.function.category) {
    case 'overall':
      return 0;
    case 'window':
      if (call.function.name === 'moving_average') {
        return extra + Number(call.literals.get('window')) - 1;
      }
      return call.function.name === 'counter_rate' ? extra + 1 : 0;
    case 'data':
    case 'math':
    case 'comparison':
    case 'logic':
      return extra;
  }
}

/**
 * Walks the formula once to find every data call and its look-back, dedupes identical reads
 * (count() and sum() and average() of the same filters are one query; the largest look-back
 * wins), and checks the query and look-back limits before anything is read.
 */
export function planQueries(
  ast: FormulaNode,
  calls: ReadonlyMap<CallExpression, ResolvedCall>,
  grid: TimeGrid,
  limits: FormulaLimits,
): QueryPlan {
  const selectors = new Map<string, DataSelector>();
  const lookbackOf = new Map<string, number>();
  const keyOf = new Map<CallExpression, string>();

  const visit = (node: FormulaNode, extra: number): void => {
    switch (node.type) {
      case 'number':
      case 'string':
        return;
      case 'unary':
        return visit(node.operand, extra);
      case 'binary':
        visit(node.left, extra);
        return visit(node.right, extra);
      case 'call': {
        const call = resolved(calls, node);
        if (isDataFunction(call.function.name)) {
          const selector = selectorOf(call.function.name, call);
          const key = selectorKey(selector);
          selectors.set(key, selector);
          keyOf.set(node, key);
          lookbackOf.set(key, Math.max(extra, lookbackOf.get(key) ?? 0));
          return;
        }
        const inner = argumentLookback(call, extra);
        if (inner > limits.maxLookbackPoints) {
          throw new FormulaLimitError(
            'maxLookbackPoints',
            limits.maxLookbackPoints,
            `the formula's windows read ${inner} points before the range; at most ${limits.maxLookbackPoints} are allowed: use smaller windows or a wider interval`,
          );
        }
        for (const value of call.values.values()) visit(value, inner);
        return;
      }
    }
  };
  visit(ast, 0);

  if (selectors.size > limits.maxQueries) {
    throw new FormulaLimitError(
      'maxQueries',
      limits.maxQueries,
      `the formula reads ${selectors.size} different series; at most ${limits.maxQueries} are allowed`,
    );
  }
  const keys = [...selectors.keys()];
  const queries = keys.map((key) =>
    toQuery(key, selectors.get(key) as DataSelector, lookbackOf.get(key) ?? 0, grid),
  );
  const queryOf = new Map<CallExpression, number>();
  for (const [call, key] of keyOf) queryOf.set(call, keys.indexOf(key));
  return { queries, queryOf };
}

export function resolved(
  calls: ReadonlyMap<CallExpression, ResolvedCall>,
  node: CallExpression,
): ResolvedCall {
  const call = calls.get(node);
  if (!call) throw new Error(`call ${node.name}() at offset ${node.span.offset} was not checked`);
  return call;
}

function selectorOf(name: DataFunctionName, call: ResolvedCall): DataSelector {
  const glob = call.literals.get('eventId');
  const dimensions: Partial<Record<FormulaDimensionKey, string>> = {};
  for (const key of FORMULA_DIMENSION_KEYS) {
    const value = call.literals.get(key);
    if (typeof value === 'string') dimensions[key] = value;
  }
  const base = {
    eventIdGlob: typeof glob === 'string' && !/^\*+$/.test(glob) ? glob : undefined,
    dimensions,
    shiftMs: Number(call.literals.get('shift') ?? 0),
  };
  switch (name) {
    case 'count':
    case 'sum':
    case 'average':
      return { ...base, aggregation: 'count' };
    case 'median':
      return { ...base, aggregation: 'percentile', percentile: 50 };
    case 'percentile':
      return { ...base, aggregation: 'percentile', percentile: Number(call.literals.get('p')) };
    case 'standard_deviation':
    case 'min':
    case 'max':
      return { ...base, aggregation: name };
  }
}

function selectorKey(selector: DataSelector): string {
  return JSON.stringify([
    selector.aggregation,
    selector.percentile ?? null,
    selector.eventIdGlob ?? null,
    ...FORMULA_DIMENSION_KEYS.map((key) => selector.dimensions[key] ?? null),
    selector.shiftMs,
  ]);
}

function toQuery(
  selectorKey: string,
  selector: DataSelector,
  lookback: number,
  grid: TimeGrid,
): DataQuery {
  const from = grid.from - selector.shiftMs - lookback * grid.intervalMs;
  const points = grid.points + lookback;
  const to = from + points * grid.intervalMs;
  return {
    key: `${selectorKey}@${from}/${to}/${grid.intervalMs}`,
    aggregation: selector.aggregation,
    ...(selector.percentile === undefined ? {} : { percentile: selector.percentile }),
    ...(selector.eventIdGlob === undefined ? {} : { eventIdGlob: selector.eventIdGlob }),
    dimensions: selector.dimensions,
    from,
    to,
    intervalMs: grid.intervalMs,
    points,
  };
}
