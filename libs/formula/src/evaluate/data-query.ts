/**
 * The contract between the evaluator and whoever stores the counts (the traffic-monitor
 * service, or the in-memory fake in tests).
 */

/** The dimensions a count can be filtered on. */
export const FORMULA_DIMENSION_KEYS = ['experiment', 'variant', 'host', 'region'] as const;
export type FormulaDimensionKey = (typeof FORMULA_DIMENSION_KEYS)[number];

/**
 * What the source computes per interval. The language's data functions reduce to these:
 * count() and sum() → `count`; average() → `count` divided by the interval's minutes (by the
 * evaluator); median() → `percentile` 50. The others are statistics over the interval's
 * per-minute counts (see aggregateBuckets for the exact definitions).
 */
export type DataAggregation = 'count' | 'percentile' | 'standard_deviation' | 'min' | 'max';

/** One series to read: one value per interval of [from, to). */
export interface DataQuery {
  /**
   * Identity of the query (filters, aggregation, range, interval): equal keys are identical
   * queries, usable as a cache key. One evaluation never sends the same key twice.
   */
  readonly key: string;
  readonly aggregation: DataAggregation;
  /** 0 to 100; present exactly when `aggregation` is `percentile`. */
  readonly percentile?: number;
  /**
   * Event-id glob: `*` any run of characters (dots included), `?` one character, the rest
   * literal, anchored at both ends. Absent: every event id (`"*"` is normalised to absent).
   */
  readonly eventIdGlob?: string;
  /** Exact values the event's dimensions must have; keys not given are unconstrained. */
  readonly dimensions: Readonly<Partial<Record<FormulaDimensionKey, string>>>;
  /**
   * Epoch ms, inclusive, a whole number of minutes. Already moved back by `shift=` and by the
   * look-back of window functions, so the source just reads [from, to).
   */
  readonly from: number;
  /** Epoch ms, exclusive: from + points * intervalMs. */
  readonly to: number;
  /** Width of one point, a whole number of minutes. */
  readonly intervalMs: number;
  /** How many values to return: (to - from) / intervalMs. */
  readonly points: number;
}

export interface DataFetchOptions {
  /** Aborted when the evaluation's deadline passes or its caller gives up: stop reading. */
  readonly signal: AbortSignal;
}

/**
 * Reads stored counts. Called at most once per evaluation, with every distinct query the
 * formula needs, so an implementation can share reads between queries (same filters and
 * range, different aggregations) and run them concurrently.
 *
 * Returns one array per query, in the order given, each of `query.points` values. A bucket
 * with no stored events is 0 (not null); use null (or NaN) only for "unknown", e.g. a range
 * the store no longer holds. Errors thrown here propagate unchanged out of evaluateFormula.
 */
export interface FormulaDataSource {
  fetchSeries(
    queries: readonly DataQuery[],
    options: DataFetchOptions,
  ): Promise<ReadonlyArray<ReadonlyArray<number | null>>>;
}
