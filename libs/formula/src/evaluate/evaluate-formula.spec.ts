import { compileFormula } from '../compile-formula';
import { FormulaLimitError, FormulaRangeError, FormulaValidationError } from '../formula-errors';
import type { FormulaNode } from '../syntax/formula-ast';
import { createInMemorySource, type TestEvent } from '../testing/in-memory-source';
import type { DataQuery, FormulaDataSource, FormulaDimensionKey } from './data-query';
import { evaluateFormula } from './evaluate-formula';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Monday 2026-01-05 00:00 UTC. */
const T0 = Date.UTC(2026, 0, 5);

/** One stored count per hour, starting `firstHour` hours after T0 (negative: before it). */
function hourly(
  eventId: string,
  counts: readonly number[],
  firstHour = 0,
  dimensions?: Partial<Record<FormulaDimensionKey, string>>,
): TestEvent[] {
  return counts.map((count, i) => ({
    eventId,
    timestamp: T0 + (firstHour + i) * HOUR + 17 * 60_000,
    count,
    dimensions,
  }));
}

/** Evaluates over `hours` hourly points from T0. */
async function run(formula: string, events: readonly TestEvent[], hours = 4) {
  const source = createInMemorySource(events);
  const result = await evaluateFormula(formula, {
    range: { from: T0, to: T0 + hours * HOUR },
    intervalMs: HOUR,
    source,
  });
  return { ...result, source };
}

describe('evaluateFormula', () => {
  it('computes a click-through ratio point by point, undefined where nothing was shown', async () => {
    const events = [
      ...hourly('home.feed_click', [1, 2, 0, 3]),
      ...hourly('home.feed_impression', [10, 10, 0, 30]),
    ];
    const result = await run(
      'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
      events,
    );
    expect(result.values).toEqual([10, 20, null, 10]);
    expect(result.timestamps).toEqual([T0, T0 + HOUR, T0 + 2 * HOUR, T0 + 3 * HOUR]);
  });

  it('reads shifted data for shift=', async () => {
    const events = [...hourly('a', [10, 20, 40, 80], -24), ...hourly('a', [5, 20, 60, 0])];
    const result = await run('count() / count(shift="1d")', events);
    expect(result.values).toEqual([0.5, 1, 1.5, 0]);
    const shifted = result.source.batches[0].find((query) => query.from === T0 - DAY);
    expect(shifted).toMatchObject({ to: T0 - DAY + 4 * HOUR, points: 4 });
  });

  it('flags a drop under half of yesterday with ifelse and comparisons', async () => {
    const events = [...hourly('a', [10, 10, 10, 10], -24), ...hourly('a', [9, 5, 4, 0])];
    const result = await run('ifelse(count() < count(shift="1d") * 0.5, 1, 0)', events);
    expect(result.values).toEqual([0, 0, 1, 1]);
    expect((await run('count() >= 5', events)).values).toEqual([1, 1, 0, 0]);
  });

  it('averages full windows from the first point by reading before the range', async () => {
    const events = hourly('a', [3, 6, 9, 12, 15, 18], -2);
    const result = await run('moving_average(count(), window=3)', events);
    expect(result.values).toEqual([6, 9, 12, 15]);
    expect(result.source.batches[0][0]).toMatchObject({ from: T0 - 2 * HOUR, points: 6 });
  });

  it('leaves undefined points out of a moving average', async () => {
    const events = [...hourly('a.click', [1, 1, 3, 1]), ...hourly('a.view', [1, 0, 1, 1])];
    const result = await run(
      'moving_average(count(eventId="*.click") / count(eventId="*.view"), window=2)',
      events,
    );
    expect(result.values).toEqual([1, 1, 3, 2]);
  });

  it('sums cumulatively from the range start, skipping undefined points', async () => {
    const events = [...hourly('a', [100], -1), ...hourly('a', [1, 2, 3, 4])];
    expect((await run('cumulative_sum(count())', events)).values).toEqual([1, 3, 6, 10]);
    const ratio = [...hourly('x.click', [1, 1, 1, 1]), ...hourly('x.view', [1, 0, 1, 2])];
    const withGap = await run(
      'cumulative_sum(count(eventId="*.click") / count(eventId="*.view"))',
      ratio,
    );
    expect(withGap.values).toEqual([1, 1, 2, 2.5]);
  });

  it('turns a counter into increases and treats a decrease as a reset', async () => {
    // The counter's readings, one per hour; the one before the range gives the first rate.
    const events = hourly('jobs.counter', [5, 8, 12, 3, 7], -1);
    const result = await run('counter_rate(count(eventId="jobs.counter"))', events);
    expect(result.values).toEqual([3, 4, 3, 4]);
  });

  it('gives back per-interval counts from counter_rate of a cumulative sum, after its first point', async () => {
    const events = hourly('a', [4, 0, 7, 2]);
    expect((await run('counter_rate(cumulative_sum(count()))', events)).values).toEqual([
      null,
      0,
      7,
      2,
    ]);
  });

  it('makes division and remainder by zero undefined, and defaults() fills them', async () => {
    const events = hourly('a', [2, 0, 4, 0]);
    expect((await run('1 / count()', events)).values).toEqual([0.5, null, 0.25, null]);
    expect((await run('count() % 0', events)).values).toEqual([null, null, null, null]);
    expect((await run('defaults(1 / count(), -1)', events)).values).toEqual([0.5, -1, 0.25, -1]);
    expect((await run('sqrt(count() - 3)', events)).values).toEqual([null, null, 1, null]);
    expect((await run('log(count(), 2)', events)).values).toEqual([1, null, 2, null]);
    expect((await run('pow(10, 400) + count()', events)).values).toEqual([null, null, null, null]);
  });

  it('broadcasts overall statistics over the range', async () => {
    const events = [...hourly('a', [1000], -1), ...hourly('a', [2, 4, 6, 8])];
    const result = await run(
      '(count() - overall_average(count())) / overall_average(count())',
      events,
    );
    expect(result.values).toEqual([-0.6, -0.2, 0.2, 0.6]);
    expect((await run('overall_max(count()) - overall_min(count())', events)).values).toEqual([
      6, 6, 6, 6,
    ]);
    expect((await run('count() / overall_sum(count())', events)).values).toEqual([
      0.1, 0.2, 0.3, 0.4,
    ]);
    const z = await run('round(overall_standard_deviation(count()), 4)', events);
    expect(z.values[0]).toBe(2.2361);
  });

  it('evaluates the math and logic functions element-wise', async () => {
    const events = hourly('a', [1, 5, 10, 0]);
    const cases: [string, (number | null)[]][] = [
      ['abs(count() - 5)', [4, 0, 5, 5]],
      ['clamp(count(), 2, 8)', [2, 5, 8, 2]],
      ['clamp(count(), 8, 2)', [null, null, null, null]],
      ['round(count() / 3, 2)', [0.33, 1.67, 3.33, 0]],
      ['round(-count() / 2)', [-1, -3, -5, 0]],
      ['and(count() > 0, count() < 10)', [1, 1, 0, 0]],
      ['or(count() == 0, count() >= 10)', [0, 0, 1, 1]],
      ['not(count())', [0, 0, 0, 1]],
      ['eq(count(), 5) + ne(count(), 5) * 10', [10, 1, 10, 10]],
      ['gt(count(), 5) + gte(count(), 5) + lt(count(), 5) + lte(count(), 5)', [2, 2, 2, 2]],
      ['ifelse(1 / count() > 0.5, 1, 2)', [1, 2, 2, null]],
    ];
    for (const [formula, expected] of cases) {
      expect([formula, (await run(formula, events)).values]).toEqual([formula, expected]);
    }
  });

  it('filters on event-id globs and dimensions', async () => {
    const events = [
      ...hourly('checkout.view', [10, 10, 10, 10], 0, {
        experiment: 'exp-1',
        variant: 'A',
        region: 'eu',
      }),
      ...hourly('checkout.view', [30, 30, 30, 30], 0, {
        experiment: 'exp-1',
        variant: 'B',
        region: 'us',
      }),
      ...hourly('search.view', [5, 5, 5, 5], 0, { region: 'eu' }),
    ];
    expect(
      (await run('count(experiment="exp-1", variant="B") / count(experiment="exp-1")', events))
        .values,
    ).toEqual([0.75, 0.75, 0.75, 0.75]);
    expect((await run('count(region="eu")', events)).values).toEqual([15, 15, 15, 15]);
    expect((await run('count("checkout.?iew", region="eu")', events)).values).toEqual([
      10, 10, 10, 10,
    ]);
    expect((await run('count(host="nowhere")', events)).values).toEqual([0, 0, 0, 0]);
  });

  it('computes per-minute statistics inside each interval', async () => {
    // In the first hour: minute 0 has 30 events, minute 1 has 90; the other 58 minutes none.
    const events: TestEvent[] = [
      { eventId: 'a', timestamp: T0, count: 30 },
      { eventId: 'a', timestamp: T0 + 60_000, count: 90 },
    ];
    const values = async (formula: string) => (await run(formula, events, 1)).values[0];
    expect(await values('count()')).toBe(120);
    expect(await values('sum()')).toBe(120);
    expect(await values('average()')).toBe(2);
    expect(await values('max()')).toBe(90);
    expect(await values('min()')).toBe(0);
    expect(await values('median()')).toBe(0);
    expect(await values('percentile(100)')).toBe(90);
    // sqrt(((30 - 2)^2 + (90 - 2)^2 + 58 * (0 - 2)^2) / 60)
    expect(await values('round(standard_deviation(), 6)')).toBe(12.083046);
  });

  it('sends one batch with each distinct query once', async () => {
    const events = hourly('a.b', [1, 2, 3, 4], -24);
    const result = await run(
      [
        'count(eventId="a.*") + sum(eventId="a.*") + average(eventId="a.*")',
        '+ moving_average(count(eventId="a.*"), window=3)',
        '+ count(eventId="a.*", shift="1d") / count(eventId="a.*", shift="24h")',
        '+ count() + count(eventId="*") + median() + percentile(50)',
      ].join('\n'),
      events,
    );
    expect(result.source.batches).toHaveLength(1);
    const queries = result.source.batches[0];
    expect(queries.map((q) => [q.aggregation, q.eventIdGlob, q.from, q.points])).toEqual([
      ['count', 'a.*', T0 - 2 * HOUR, 6],
      ['count', 'a.*', T0 - DAY, 4],
      ['count', undefined, T0, 4],
      ['percentile', undefined, T0, 4],
    ]);
    expect(result.queries).toBe(4);
    expect(new Set(queries.map((q) => q.key)).size).toBe(4);
  });

  it('repeats a formula without data over every point without asking the source', async () => {
    const result = await run('round(10 / 3, 1) + 1', []);
    expect(result.values).toEqual([4.3, 4.3, 4.3, 4.3]);
    expect(result.queries).toBe(0);
    expect(result.source.batches).toHaveLength(0);
  });

  it('aligns points to the interval: the hour, or UTC midnight for longer intervals', async () => {
    const source = createInMemorySource(hourly('a', [1, 2, 3, 4]));
    const hourlyResult = await evaluateFormula('count()', {
      range: { from: new Date(T0 + 30 * 60_000), to: new Date(T0 + 2 * HOUR) },
      intervalMs: HOUR,
      source,
    });
    expect(hourlyResult).toMatchObject({
      from: T0,
      to: T0 + 2 * HOUR,
      timestamps: [T0, T0 + HOUR],
      values: [1, 2],
    });
    const twoDays = await evaluateFormula('count()', {
      range: { from: T0 + 5 * HOUR, to: T0 + DAY },
      intervalMs: 2 * DAY,
      source,
    });
    expect(twoDays).toMatchObject({ from: T0, timestamps: [T0], values: [10] });
  });

  it('gives the requested range and marks points cut by it or not over at `now`', async () => {
    const source = createInMemorySource(hourly('a', [1, 2, 3, 4]));
    const range = { from: T0 + 30 * 60_000, to: T0 + 2 * HOUR + 13 * 60_000 };

    const cut = await evaluateFormula('count()', { range, intervalMs: HOUR, source });
    const open = await evaluateFormula('count()', {
      range: { from: T0, to: T0 + 3 * HOUR },
      intervalMs: HOUR,
      source,
      now: T0 + 2 * HOUR + 1,
    });

    expect(cut).toMatchObject({
      requested: range,
      from: T0,
      to: T0 + 3 * HOUR,
      partial: [true, false, true],
    });
    expect(open.partial).toEqual([false, false, true]);
  });

  it('evaluates a compiled formula or its AST as well as text', async () => {
    const compiled = compileFormula('count() * 2');
    if (!compiled.ok) throw new Error('did not compile');
    const context = {
      range: { from: T0, to: T0 + HOUR },
      intervalMs: HOUR,
      source: createInMemorySource(hourly('a', [3])),
    };
    expect((await evaluateFormula(compiled.formula, context)).values).toEqual([6]);
    expect((await evaluateFormula(compiled.formula.ast, context)).values).toEqual([6]);
  });

  it('rechecks an AST built by hand', async () => {
    const span = { offset: 0, length: 0, line: 1, column: 1 };
    const ast: FormulaNode = { type: 'call', name: 'cout', nameSpan: span, args: [], span };
    const context = {
      range: { from: T0, to: T0 + HOUR },
      intervalMs: HOUR,
      source: createInMemorySource([]),
    };
    await expect(evaluateFormula(ast, context)).rejects.toBeInstanceOf(FormulaValidationError);
  });

  it('rejects an invalid formula with its diagnostics', async () => {
    const error = await run('count() / cout()', []).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(FormulaValidationError);
    expect((error as FormulaValidationError).diagnostics[0]).toMatchObject({
      code: 'unknown_function',
    });
  });

  it('rejects unusable ranges and intervals', async () => {
    const source = createInMemorySource([]);
    await expect(
      evaluateFormula('count()', { range: { from: T0, to: T0 }, intervalMs: HOUR, source }),
    ).rejects.toBeInstanceOf(FormulaRangeError);
    await expect(
      evaluateFormula('count()', {
        range: { from: T0, to: T0 + HOUR },
        intervalMs: 30_000,
        source,
      }),
    ).rejects.toThrow('intervalMs must be a positive whole number of minutes');
    await expect(
      evaluateFormula('count()', {
        range: { from: new Date(Number.NaN), to: T0 },
        intervalMs: HOUR,
        source,
      }),
    ).rejects.toThrow('range.from is not a valid time');
  });

  it('passes through unknown values from the source as null, and refuses malformed answers', async () => {
    const context = (answer: (number | null)[][]) => ({
      range: { from: T0, to: T0 + 2 * HOUR },
      intervalMs: HOUR,
      source: { fetchSeries: async () => answer },
    });
    expect((await evaluateFormula('count() + 1', context([[null, 2]]))).values).toEqual([null, 3]);
    await expect(evaluateFormula('count()', context([[1]]))).rejects.toThrow('answered 1 points');
    await expect(evaluateFormula('count()', context([]))).rejects.toThrow(
      'answered 0 series for 1 queries',
    );
  });
});

describe('evaluation limits', () => {
  const source = createInMemorySource([]);

  async function limitOf(promise: Promise<unknown>): Promise<string> {
    const error = await promise.catch((caught: unknown) => caught);
    if (!(error instanceof FormulaLimitError))
      throw new Error(`expected a FormulaLimitError, got ${String(error)}`);
    return error.limit;
  }

  it('refuses a range with too many points before reading anything', async () => {
    const recording = createInMemorySource([]);
    const limit = await limitOf(
      evaluateFormula('count()', {
        range: { from: 0, to: 365 * DAY },
        intervalMs: 60_000,
        source: recording,
      }),
    );
    expect(limit).toBe('maxPoints');
    expect(recording.batches).toHaveLength(0);
  });

  it('refuses more distinct queries than allowed', async () => {
    const formula = Array.from({ length: 51 }, (_, i) => `count("e${i}")`).join('+');
    const context = { range: { from: T0, to: T0 + HOUR }, intervalMs: HOUR, source };
    expect(await limitOf(evaluateFormula(formula, context))).toBe('maxQueries');
    // The same query repeated is one query.
    const repeated = Array.from({ length: 51 }, () => 'count("e")').join('+');
    await expect(evaluateFormula(repeated, context)).resolves.toMatchObject({ queries: 1 });
  });

  it('refuses windows that read too far back', async () => {
    const formula = `${'moving_average('.repeat(11)}count()${', window=1000)'.repeat(11)}`;
    const context = { range: { from: T0, to: T0 + HOUR }, intervalMs: HOUR, source };
    expect(await limitOf(evaluateFormula(formula, context))).toBe('maxLookbackPoints');
  });

  it('applies limits given by the caller', async () => {
    const context = {
      range: { from: T0, to: T0 + 10 * HOUR },
      intervalMs: HOUR,
      source,
      limits: { maxPoints: 5 },
    };
    expect(await limitOf(evaluateFormula('count()', context))).toBe('maxPoints');
  });

  it('gives up on a source that does not answer in time', async () => {
    const hanging: FormulaDataSource = { fetchSeries: () => new Promise(() => undefined) };
    const context = {
      range: { from: T0, to: T0 + HOUR },
      intervalMs: HOUR,
      source: hanging,
      limits: { timeoutMs: 1 },
    };
    expect(await limitOf(evaluateFormula('count()', context))).toBe('timeoutMs');
  });

  it('stops when the caller aborts, and tells the source to stop', async () => {
    const controller = new AbortController();
    let sourceSignal: AbortSignal | undefined;
    const hanging: FormulaDataSource = {
      fetchSeries: (_queries: readonly DataQuery[], options) => {
        sourceSignal = options.signal;
        controller.abort();
        return new Promise(() => undefined);
      },
    };
    const context = {
      range: { from: T0, to: T0 + HOUR },
      intervalMs: HOUR,
      source: hanging,
      signal: controller.signal,
    };
    expect(await limitOf(evaluateFormula('count()', context))).toBe('timeoutMs');
    expect(sourceSignal?.aborted).toBe(true);
  });

  it('stops computing once the budget is spent, even before its timer can fire', async () => {
    const now = Date.now();
    const clock = jest.spyOn(Date, 'now').mockReturnValue(now);
    try {
      // The source answers at once, but the clock says the budget went on reading.
      const slow: FormulaDataSource = {
        fetchSeries: async (queries) => {
          clock.mockReturnValue(now + 60_000);
          return queries.map((query) => new Array<number>(query.points).fill(1));
        },
      };
      const context = { range: { from: T0, to: T0 + HOUR }, intervalMs: HOUR, source: slow };
      expect(await limitOf(evaluateFormula('count() + 1', context))).toBe('timeoutMs');
    } finally {
      clock.mockRestore();
    }
  });

  it('does not start when the caller has already aborted', async () => {
    const recording = createInMemorySource([]);
    const context = {
      range: { from: T0, to: T0 + HOUR },
      intervalMs: HOUR,
      source: recording,
      signal: AbortSignal.abort(),
    };
    expect(await limitOf(evaluateFormula('count()', context))).toBe('timeoutMs');
    expect(recording.batches).toHaveLength(0);
  });
});
