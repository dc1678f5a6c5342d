/**
 * Every function of the language: its parameters (what the checker enforces) and the text
 * served by `GET /api/v1/formulas/functions`. The evaluator implements exactly these names.
 */

import { closestMatch } from '../diagnostics/did-you-mean';

export const FORMULA_FUNCTION_NAMES = [
  'count',
  'sum',
  'average',
  'median',
  'percentile',
  'standard_deviation',
  'min',
  'max',
  'moving_average',
  'cumulative_sum',
  'counter_rate',
  'overall_average',
  'overall_sum',
  'overall_min',
  'overall_max',
  'overall_standard_deviation',
  'abs',
  'sqrt',
  'log',
  'pow',
  'round',
  'clamp',
  'defaults',
  'eq',
  'ne',
  'gt',
  'gte',
  'lt',
  'lte',
  'ifelse',
  'and',
  'or',
  'not',
] as const;

export type FormulaFunctionName = (typeof FORMULA_FUNCTION_NAMES)[number];

export type DataFunctionName = Extract<
  FormulaFunctionName,
  'count' | 'sum' | 'average' | 'median' | 'percentile' | 'standard_deviation' | 'min' | 'max'
>;

export const DATA_FUNCTION_NAMES: readonly DataFunctionName[] = [
  'count',
  'sum',
  'average',
  'median',
  'percentile',
  'standard_deviation',
  'min',
  'max',
];

export type FunctionCategory = 'data' | 'window' | 'overall' | 'math' | 'comparison' | 'logic';

/**
 * What an argument must be:
 * - `value`: any numeric expression (number, series, call, arithmetic);
 * - `string`: a string literal; `duration`: a string literal like "30m", "1h", "1d", "1w";
 * - `integer`, `number`: a numeric literal (a leading minus allowed) within `min`..`max`.
 */
export type ParameterKind = 'value' | 'string' | 'duration' | 'integer' | 'number';

export interface FormulaParameterInfo {
  readonly name: string;
  readonly kind: ParameterKind;
  readonly required: boolean;
  /** May be given without its name; positional arguments fill these parameters in order. */
  readonly positional: boolean;
  readonly description: string;
  /** What an omitted optional parameter means. */
  readonly default?: string;
  readonly min?: number;
  readonly max?: number;
}

export interface FormulaFunctionInfo {
  readonly name: FormulaFunctionName;
  readonly category: FunctionCategory;
  /** e.g. `moving_average(value, window)`; `?` optional, `name=` only by name. */
  readonly signature: string;
  readonly description: string;
  readonly example: string;
  readonly parameters: readonly FormulaParameterInfo[];
}

const value = (name: string, description: string): FormulaParameterInfo => ({
  name,
  kind: 'value',
  required: true,
  positional: true,
  description,
});

const FILTERS: readonly FormulaParameterInfo[] = [
  {
    name: 'eventId',
    kind: 'string',
    required: false,
    positional: true,
    description:
      'Glob over event ids: * any run of characters (dots included), ? one character, the rest literal, matched against the whole id.',
    default: 'every event id',
  },
  ...(['experiment', 'variant', 'host', 'region'] as const).map((name): FormulaParameterInfo => ({
    name,
    kind: 'string',
    required: false,
    positional: false,
    description: `Only events whose ${name} dimension is exactly this value.`,
    default: `any ${name}, or none`,
  })),
  {
    name: 'shift',
    kind: 'duration',
    required: false,
    positional: false,
    description:
      'Read the data this long before each point ("30m", "1h", "1d", "1w", or combined like "1d12h"), e.g. to compare with yesterday.',
    default: '"0m"',
  },
];

const PERCENT: FormulaParameterInfo = {
  name: 'p',
  kind: 'number',
  required: true,
  positional: true,
  description: 'Percentile between 0 and 100.',
  min: 0,
  max: 100,
};

interface Definition {
  readonly category: FunctionCategory;
  readonly description: string;
  readonly example: string;
  readonly parameters: readonly FormulaParameterInfo[];
}

const one = (category: FunctionCategory, description: string, example: string): Definition => ({
  category,
  description,
  example,
  parameters: [value('value', 'A number or series.')],
});

const two = (
  category: FunctionCategory,
  description: string,
  example: string,
  names: readonly [string, string] = ['a', 'b'],
): Definition => ({
  category,
  description,
  example,
  parameters: [value(names[0], 'A number or series.'), value(names[1], 'A number or series.')],
});

const DEFINITIONS: Readonly<Record<FormulaFunctionName, Definition>> = {
  count: {
    category: 'data',
    description:
      'Events in each interval: the sum of the stored counts of every matching event id and dimension set. An interval with no events is 0.',
    example: 'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
    parameters: FILTERS,
  },
  sum: {
    category: 'data',
    description:
      'The sum of the per-minute counts in each interval; the same as count(), under the name other formula languages use.',
    example: 'sum(eventId="checkout.*", region="eu")',
    parameters: FILTERS,
  },
  average: {
    category: 'data',
    description:
      'Mean events per minute in each interval: count() divided by the minutes in the interval (empty minutes included).',
    example: 'average(eventId="*.feed_impression")',
    parameters: FILTERS,
  },
  median: {
    category: 'data',
    description:
      'Median of the per-minute counts in each interval; a minute with no events counts as 0.',
    example: 'median(eventId="*.feed_impression")',
    parameters: FILTERS,
  },
  percentile: {
    category: 'data',
    description:
      'The p-th percentile of the per-minute counts in each interval (linear interpolation between the nearest ranks; empty minutes count as 0).',
    example: 'percentile(95, eventId="api.request")',
    parameters: [PERCENT, ...FILTERS],
  },
  standard_deviation: {
    category: 'data',
    description:
      'Population standard deviation of the per-minute counts in each interval (empty minutes count as 0).',
    example: 'standard_deviation(eventId="api.request") / average(eventId="api.request")',
    parameters: FILTERS,
  },
  min: {
    category: 'data',
    description:
      'The smallest per-minute count in each interval: 0 as soon as one minute had no events. For the smaller of two values use ifelse(a < b, a, b).',
    example: 'min(eventId="*.heartbeat")',
    parameters: FILTERS,
  },
  max: {
    category: 'data',
    description:
      'The largest per-minute count in each interval (the busiest minute). For the larger of two values use ifelse(a > b, a, b).',
    example: 'max(eventId="api.request") / average(eventId="api.request")',
    parameters: FILTERS,
  },
  moving_average: {
    category: 'window',
    description:
      'Mean of the last `window` points, the current one included. Points before the range are read too, so the first points have full windows; undefined points are left out of the mean.',
    example: 'moving_average(count(), window=6)',
    parameters: [
      value('value', 'A number or series.'),
      {
        name: 'window',
        kind: 'integer',
        required: true,
        positional: true,
        description: 'How many points to average (1 or more).',
        min: 1,
      },
    ],
  },
  cumulative_sum: one(
    'window',
    'Running total from the start of the range; an undefined point adds nothing.',
    'cumulative_sum(count(eventId="signup.completed"))',
  ),
  counter_rate: one(
    'window',
    'Increase of a monotonic counter since the previous point. A decrease means the counter was reset, so the rate is the new value itself. The point before the range is read for the first rate.',
    'counter_rate(cumulative_sum(count()))',
  ),
  overall_average: one(
    'overall',
    'Mean of all defined points in the range, as a constant.',
    '(count() - overall_average(count())) / overall_average(count())',
  ),
  overall_sum: one(
    'overall',
    'Sum of all defined points in the range, as a constant.',
    'count() / overall_sum(count()) * 100',
  ),
  overall_min: one(
    'overall',
    'Smallest defined point in the range, as a constant.',
    'count() - overall_min(count())',
  ),
  overall_max: one(
    'overall',
    'Largest defined point in the range, as a constant.',
    'count() / overall_max(count())',
  ),
  overall_standard_deviation: one(
    'overall',
    'Population standard deviation of all defined points in the range, as a constant.',
    '(count() - overall_average(count())) / overall_standard_deviation(count())',
  ),
  abs: one('math', 'Absolute value.', 'abs(count() - count(shift="1d"))'),
  sqrt: one('math', 'Square root; undefined below 0.', 'sqrt(count())'),
  log: {
    category: 'math',
    description: 'Logarithm, natural unless a base is given; undefined at 0 and below.',
    example: 'log(count(), 10)',
    parameters: [
      value('value', 'A number or series.'),
      { ...value('base', 'The base of the logarithm.'), required: false, default: 'e' },
    ],
  },
  pow: two('math', 'base raised to exponent.', 'pow(count() / count(shift="1w"), 2)', [
    'base',
    'exponent',
  ]),
  round: {
    category: 'math',
    description: 'Rounds half away from zero to `decimals` places (negative: tens, hundreds).',
    example: 'round(count(eventId="*.click") / count() * 100, 2)',
    parameters: [
      value('value', 'A number or series.'),
      {
        name: 'decimals',
        kind: 'integer',
        required: false,
        positional: true,
        description: 'Decimal places, -10 to 10.',
        default: '0',
        min: -10,
        max: 10,
      },
    ],
  },
  clamp: {
    category: 'math',
    description: 'Limits a value to [min, max]; undefined when min > max.',
    example: 'clamp(count() / count(shift="1d"), 0, 2)',
    parameters: [
      value('value', 'A number or series.'),
      value('min', 'Lower bound.'),
      value('max', 'Upper bound.'),
    ],
  },
  defaults: two(
    'logic',
    'The value where it is defined, else the fallback (e.g. 0 where a ratio divided by zero).',
    'defaults(count(eventId="*.click") / count(eventId="*.impression"), 0)',
    ['value', 'fallback'],
  ),
  eq: two('comparison', '1 where a equals b, else 0 (the operator ==).', 'eq(count(), 0)'),
  ne: two('comparison', '1 where a differs from b, else 0 (the operator !=).', 'ne(count(), 0)'),
  gt: two('comparison', '1 where a > b, else 0.', 'gt(count(), count(shift="1w") * 2)'),
  gte: two('comparison', '1 where a >= b, else 0.', 'gte(count(), 100)'),
  lt: two('comparison', '1 where a < b, else 0.', 'lt(count(), count(shift="1d") * 0.5)'),
  lte: two('comparison', '1 where a <= b, else 0.', 'lte(count(), 10)'),
  ifelse: {
    category: 'logic',
    description:
      'Where the condition is non-zero, `then`; where it is 0, `else`; undefined where the condition is.',
    example: 'ifelse(count() < count(shift="1d") * 0.5, 1, 0)',
    parameters: [
      value('condition', 'Non-zero means true.'),
      value('then', 'Value where the condition holds.'),
      value('else', 'Value where it does not.'),
    ],
  },
  and: two('logic', '1 where both are non-zero, else 0.', 'and(count() > 0, count() < 10)'),
  or: two('logic', '1 where either is non-zero, else 0.', 'or(count() == 0, count() > 1000)'),
  not: one('logic', '1 where the value is 0, else 0.', 'not(count() > 0)'),
};

function signatureOf(name: string, parameters: readonly FormulaParameterInfo[]): string {
  const shown = parameters.map((parameter) => {
    const label = parameter.positional ? parameter.name : `${parameter.name}=`;
    return parameter.required ? label : `${label}?`;
  });
  return `${name}(${shown.join(', ')})`;
}

/** Every function, in the order of FORMULA_FUNCTION_NAMES. */
export const FORMULA_FUNCTIONS: readonly FormulaFunctionInfo[] = FORMULA_FUNCTION_NAMES.map(
  (name) => ({
    name,
    ...DEFINITIONS[name],
    signature: signatureOf(name, DEFINITIONS[name].parameters),
  }),
);

const BY_NAME = new Map<string, FormulaFunctionInfo>(FORMULA_FUNCTIONS.map((f) => [f.name, f]));

export function findFunction(name: string): FormulaFunctionInfo | undefined {
  return BY_NAME.get(name);
}

export function isDataFunction(name: FormulaFunctionName): name is DataFunctionName {
  return (DATA_FUNCTION_NAMES as readonly string[]).includes(name);
}

/** Names people bring from other languages, and what they are called here. */
export const FUNCTION_ALIASES: Readonly<Record<string, FormulaFunctionName>> = {
  avg: 'average',
  mean: 'average',
  stddev: 'standard_deviation',
  stdev: 'standard_deviation',
  std: 'standard_deviation',
  cumsum: 'cumulative_sum',
  ma: 'moving_average',
  sma: 'moving_average',
  moving_avg: 'moving_average',
  rolling_average: 'moving_average',
  rate: 'counter_rate',
  if: 'ifelse',
  iif: 'ifelse',
  if_else: 'ifelse',
  ln: 'log',
  power: 'pow',
  coalesce: 'defaults',
  fill: 'defaults',
  neq: 'ne',
  ge: 'gte',
  le: 'lte',
  total: 'sum',
  minimum: 'min',
  maximum: 'max',
};

/** The catalogue function someone most likely meant by an unknown name, if any. */
export function suggestFunctionName(name: string): FormulaFunctionName | undefined {
  const alias = FUNCTION_ALIASES[name.toLowerCase()];
  if (alias !== undefined) return alias;
  return closestMatch(name, FORMULA_FUNCTION_NAMES);
}
