import type { FormulaAlertCondition } from '@vantage/contracts';
import {
  compareWithThreshold,
  FORMULA_SETTLE_MS,
  formulaRange,
  judgeFormulaSeries,
} from './formula-condition';

const MINUTE = 60_000;
const T = Date.parse('2026-11-20T12:00:00Z');

function condition(fields: Partial<FormulaAlertCondition> = {}): FormulaAlertCondition {
  return {
    kind: 'formula',
    expression: 'count(eventId="feed.*")',
    operator: 'lt',
    threshold: 10,
    windowMinutes: 5,
    ...fields,
  };
}

/** Five-minute points from 11:50: 11:50, 11:55, 12:00 (the last one still running at 12:00). */
function series(values: (number | null)[]) {
  const from = T - 10 * MINUTE;
  return {
    intervalMs: 5 * MINUTE,
    timestamps: values.map((_, i) => from + i * 5 * MINUTE),
    values,
  };
}

describe('compareWithThreshold', () => {
  it.each([
    ['gt', 11, true],
    ['gt', 10, false],
    ['gte', 10, true],
    ['gte', 9.99, false],
    ['lt', 9, true],
    ['lt', 10, false],
    ['lte', 10, true],
    ['lte', 10.01, false],
  ] as const)('%s: %d against 10 is %s', (operator, value, expected) => {
    expect(compareWithThreshold(value, operator, 10)).toBe(expected);
  });
});

describe('formulaRange', () => {
  it('reaches two windows back from the settled now, in points of the window', () => {
    const range = formulaRange(condition({ windowMinutes: 15 }), new Date(T));

    expect(range).toEqual({
      from: T - FORMULA_SETTLE_MS - 30 * MINUTE,
      to: T - FORMULA_SETTLE_MS,
      intervalMs: 15 * MINUTE,
    });
  });
});

describe('judgeFormulaSeries', () => {
  const settledTo = T - FORMULA_SETTLE_MS + 15 * MINUTE; // 12:14:45

  it('judges the newest complete interval, not the one still running', () => {
    // 12:00-12:05 and 12:05-12:10 are complete at 12:14:45; 12:10-12:15 is not.
    const points = { ...series([50, 40, 3, 4, 500]) };

    const outcome = judgeFormulaSeries(condition(), points, settledTo);

    expect(outcome).toEqual({
      holds: true,
      summary: 'count(eventId="feed.*") = 4 (< 10)',
      details: {
        kind: 'formula',
        expression: 'count(eventId="feed.*")',
        operator: 'lt',
        threshold: 10,
        value: 4,
        intervalFrom: '2026-11-20T12:05:00.000Z',
        intervalTo: '2026-11-20T12:10:00.000Z',
      },
    });
  });

  it('does not hold when the value is on the right side of the threshold', () => {
    expect(judgeFormulaSeries(condition(), series([1, 12, 1]), T)).toEqual({ holds: false });
  });

  it('cannot judge an interval without a value', () => {
    expect(judgeFormulaSeries(condition(), series([1, null, 1]), T)).toMatchObject({
      holds: null,
    });
  });

  it('cannot judge when no interval has ended', () => {
    expect(judgeFormulaSeries(condition(), series([1]), T - 9 * MINUTE)).toMatchObject({
      holds: null,
    });
  });

  it('quotes a long expression shortened, on one line', () => {
    const expression = `count(eventId="a")\n + ${'1 + '.repeat(40)}0`;

    const outcome = judgeFormulaSeries(
      condition({ expression, operator: 'gt', threshold: 0 }),
      series([1, 1 / 3, 0]),
      T,
    );

    expect(outcome.holds && outcome.summary).toMatch(
      /^count\(eventId="a"\) \+ 1 \+ .*… = 0\.333333 \(> 0\)$/,
    );
    expect(outcome.holds && outcome.summary.length).toBeLessThan(160);
  });
});
