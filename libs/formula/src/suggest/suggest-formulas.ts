import { compileFormula } from '../compile-formula';
import { FORMULA_DIMENSION_KEYS, type FormulaDimensionKey } from '../evaluate/data-query';

/** A candidate formula for a plain-English request. */
export interface FormulaSuggestion {
  readonly title: string;
  readonly formula: string;
  /** What the formula computes, in words, including the assumptions made. */
  readonly explanation: string;
}

export interface SuggestResult {
  /** Best first; empty when no rule recognised the text. */
  readonly suggestions: readonly FormulaSuggestion[];
  /** What to try instead; present when `suggestions` is empty. */
  readonly hint?: string;
}

const MAX_TEXT = 500;
const NO_MATCH_HINT =
  'Try phrases like "traffic dropped by 50% since yesterday", "week over week", "day over day", ' +
  '"error rate", "click-through rate", "moving average of 6 points" or "spike"; ' +
  'GET /api/v1/formulas/examples lists ready-made formulas.';

interface Period {
  readonly shift: string;
  readonly words: string;
}

const DAY: Period = { shift: '1d', words: 'one day earlier' };
const WEEK: Period = { shift: '1w', words: 'one week earlier' };
const HOUR: Period = { shift: '1h', words: 'one hour earlier' };

/** What the rules read out of the request. */
interface Request {
  readonly text: string;
  /** `count(...)` of the subject: an event-id glob and dimensions named in the text, if any. */
  readonly subject: string;
  readonly subjectWords: string;
  readonly percent?: number;
  readonly period?: Period;
  readonly window?: number;
}

type Rule = (request: Request) => FormulaSuggestion[];

/**
 * Rule-based plain English → formula for the common requests: a drop or rise by N% against
 * yesterday / last week / an hour ago, week (day, hour) over week, error rate, click-through
 * rate, moving average, spike, running total, traffic stopped, per-minute rate, share of total.
 * An event id (dotted, possibly with * or ?) or a quoted glob in the text becomes the eventId
 * filter; "experiment X", "variant Y", "host H", "region R" become dimension filters.
 * Every suggestion compiles.
 */
export function suggestFormulas(text: string): SuggestResult {
  const request = readRequest(text.slice(0, MAX_TEXT));
  const seen = new Set<string>();
  const suggestions = RULES.flatMap((rule) => rule(request)).filter((suggestion) => {
    if (seen.has(suggestion.formula)) return false;
    seen.add(suggestion.formula);
    // A glob or value taken from the text can still be unusable (too long, say).
    return compileFormula(suggestion.formula).ok;
  });
  return suggestions.length > 0 ? { suggestions } : { suggestions: [], hint: NO_MATCH_HINT };
}

function readRequest(raw: string): Request {
  const text = raw.toLowerCase().replace(/\s+/g, ' ').trim();
  const glob = findGlob(raw);
  const dimensions = findDimensions(raw);
  const filters = [
    ...(glob === undefined ? [] : [`eventId=${quote(glob)}`]),
    ...dimensions.map(([key, value]) => `${key}=${quote(value)}`),
  ];
  // The lookbehind starts a number at its first digit only, so a long run of digits is read once.
  const percent = /(?<!\d)(\d+(?:\.\d+)?)\s*(?:%|percent|pct)/.exec(text);
  const window =
    /(?:window(?: of)?|over|last|of)\s+(\d{1,4})\b/.exec(text) ??
    /(\d{1,4})[- ]?(?:point|interval|sample|bucket|period)s?\b/.exec(text);
  return {
    text,
    subject: `count(${filters.join(', ')})`,
    subjectWords: filters.length === 0 ? 'all traffic' : `events matching ${filters.join(', ')}`,
    percent: percent ? Number(percent[1]) : undefined,
    period: findPeriod(text),
    window: window ? Number(window[1]) : undefined,
  };
}

/** A quoted text, else a dotted event id (`pandc.feed.click`, `checkout.*`), not a dimension value. */
function findGlob(raw: string): string | undefined {
  // Double quotes and backticks only: apostrophes ("the feed's") are not quotes.
  // Each pattern reads a character one way only (no opening quote inside a quote; digits and
  // hyphens before the first letter), so no input makes them retry a run of text.
  const quoted = /["`\u201c]([^"`\u201c\u201d]+)["`\u201d]/g;
  const dotted = /(?<=^|[\s(,])[0-9-]*[A-Za-z_*?][A-Za-z0-9_*?-]*(?:\.[A-Za-z0-9_*?-]+)+/g;
  for (const pattern of [quoted, dotted]) {
    for (const match of raw.matchAll(pattern)) {
      const before = raw.slice(0, match.index);
      if (!DIMENSION_BEFORE.test(before)) return match[1] ?? match[0];
    }
  }
  return undefined;
}

// `(?:\s*[=:])?\s*` rather than `\s*[=:]?\s*`: two optional runs of blanks side by side split
// a long run in every possible way before failing.
const DIMENSION_BEFORE = new RegExp(
  `\\b(?:${FORMULA_DIMENSION_KEYS.join('|')})(?:\\s*[=:])?\\s*$`,
  'i',
);

function findDimensions(raw: string): [FormulaDimensionKey, string][] {
  const found: [FormulaDimensionKey, string][] = [];
  for (const key of FORMULA_DIMENSION_KEYS) {
    // Only explicit values (`variant=B`, `region: eu`, `host "web-1"`), so "per variant" is no filter.
    const match = new RegExp(
      `\\b${key}\\s*(?:[=:]\\s*["']?|["'])([A-Za-z0-9_][A-Za-z0-9_.-]*)`,
      'i',
    ).exec(raw);
    if (match) found.push([key, match[1]]);
  }
  return found;
}

function findPeriod(text: string): Period | undefined {
  if (/\b(week|wow|7 ?days|weekly)\b/.test(text)) return WEEK;
  if (/\b(yesterday|day|dod|daily|24 ?h(ours)?)\b/.test(text)) return DAY;
  if (/\b(hour|hourly|hoh|60 ?min(utes)?)\b/.test(text)) return HOUR;
  return undefined;
}

function quote(text: string): string {
  return JSON.stringify(text);
}

function shifted(request: Request, period: Period): string {
  const inner = request.subject.slice('count('.length, -1);
  return `count(${inner === '' ? '' : `${inner}, `}shift="${period.shift}")`;
}

function change(request: Request, period: Period): FormulaSuggestion {
  const previous = shifted(request, period);
  return {
    title: `Change against ${period.words} (%)`,
    formula: `(${request.subject} - ${previous}) / ${previous} * 100`,
    explanation: `Percentage change of ${request.subjectWords} against the same interval ${period.words}; negative is a drop, undefined where there was nothing ${period.words}.`,
  };
}

function ratio(request: Request, period: Period): FormulaSuggestion {
  return {
    title: `Ratio to ${period.words}`,
    formula: `${request.subject} / ${shifted(request, period)}`,
    explanation: `${capitalise(request.subjectWords)} divided by the same interval ${period.words}: 1 is unchanged, 0.5 is half.`,
  };
}

const drop: Rule = (request) => {
  if (
    !/\b(drop|dropped|drops|fell|fall|falls|fallen|decrease[sd]?|declin\w*|down|lost|lose|loses)\b/.test(
      request.text,
    )
  ) {
    return [];
  }
  const period = request.period ?? DAY;
  const percent = request.percent ?? 50;
  const keep = round((100 - percent) / 100);
  return [
    {
      title: `Dropped by ${percent}% against ${period.words}`,
      formula: `ifelse(${request.subject} < ${shifted(request, period)} * ${keep}, 1, 0)`,
      explanation: `1 where ${request.subjectWords} is below ${round(100 - percent)}% of the same interval ${period.words} (a drop of more than ${percent}%), else 0: use it as an alert condition.${request.percent === undefined ? ' 50% was assumed; change 0.5 to taste.' : ''}`,
    },
    change(request, period),
  ];
};

const rise: Rule = (request) => {
  if (
    // `up` only as in "up by 20%" / "up 20%": "set up an alert" is no rise.
    !/\b(increase[sd]?|rise|rises|rose|risen|grew|grow|grows|jump\w*|up(?= by| \d)|doubled?)\b/.test(
      request.text,
    )
  ) {
    return [];
  }
  const period = request.period ?? DAY;
  const percent = request.percent ?? (/\bdoubled?\b/.test(request.text) ? 100 : 50);
  return [
    {
      title: `Rose by ${percent}% against ${period.words}`,
      formula: `ifelse(${request.subject} > ${shifted(request, period)} * ${round(1 + percent / 100)}, 1, 0)`,
      explanation: `1 where ${request.subjectWords} is more than ${percent}% above the same interval ${period.words}, else 0.`,
    },
    change(request, period),
  ];
};

const overPeriod: Rule = (request) => {
  const match =
    /\b(week|day|hour) ?(?:over|on|vs\.?|versus) ?(?:the )?(?:previous |last )?\1\b|\b(wow|dod|hoh)\b|\b(?:compared (?:to|with)|vs\.?|versus|against|than) (?:the )?(?:same \w+ )?(last week|yesterday|last hour|an hour ago|a week ago|a day ago)\b/.exec(
      request.text,
    );
  if (!match) return [];
  const period = request.period ?? DAY;
  return [change(request, period), ratio(request, period)];
};

const errorRate: Rule = (request) => {
  if (
    !/\b(error|errors|failure|failures|fail|failed) ?(rate|ratio|percentage|share|%)/.test(
      request.text,
    )
  ) {
    return [];
  }
  const filters = request.subject.slice('count('.length, -1).replace(/eventId="[^"]*"(, )?/, '');
  const extra = filters === '' ? '' : `, ${filters}`;
  return [
    {
      title: 'Error rate (%)',
      formula: `count(eventId="*error*"${extra}) / count(${filters}) * 100`,
      explanation:
        'Error events per 100 events, counting as errors the event ids that contain "error"; narrow both globs to one product, e.g. count(eventId="checkout.*error*") / count(eventId="checkout.*").',
    },
  ];
};

const clickThrough: Rule = (request) => {
  if (!/\b(click[- ]?through|ctr)\b/.test(request.text)) return [];
  return [
    {
      title: 'Click-through rate (%)',
      formula: 'count(eventId="*click*") / count(eventId="*impression*") * 100',
      explanation:
        'Clicks per 100 impressions, counting event ids that contain "click" and "impression"; narrow the globs to one card, e.g. "*.feed_click" and "*.feed_impression".',
    },
  ];
};

const movingAverage: Rule = (request) => {
  if (!/\b(moving|rolling|running) ?(average|avg|mean)|\bsmooth(ed|ing)?\b/.test(request.text)) {
    return [];
  }
  const window = Math.min(Math.max(request.window ?? 6, 1), 1_000);
  return [
    {
      title: `Moving average of ${window}`,
      formula: `moving_average(${request.subject}, window=${window})`,
      explanation: `Mean of ${request.subjectWords} over the last ${window} intervals, the current one included.${request.window === undefined ? ' A window of 6 was assumed.' : ''}`,
    },
  ];
};

const spike: Rule = (request) => {
  if (
    !/\b(spike[sd]?|spiking|surge[sd]?|burst|anomal\w*|outliers?|unusual|abnormal)\b/.test(
      request.text,
    )
  ) {
    return [];
  }
  const window = Math.min(Math.max(request.window ?? 12, 2), 1_000);
  const x = request.subject;
  return [
    {
      title: 'Spike against the recent average',
      formula: `ifelse(${x} > moving_average(${x}, window=${window}) * 2, 1, 0)`,
      explanation: `1 where ${request.subjectWords} is more than twice its average over the last ${window} intervals.`,
    },
    {
      title: 'Z-score over the range',
      formula: `(${x} - overall_average(${x})) / overall_standard_deviation(${x})`,
      explanation:
        'Standard deviations from the average of the whole range; above 3 is a spike, below -3 a dip.',
    },
  ];
};

const runningTotal: Rule = (request) => {
  if (!/\b(cumulative|running total|total so far|accumulated)\b/.test(request.text)) return [];
  return [
    {
      title: 'Running total',
      formula: `cumulative_sum(${request.subject})`,
      explanation: `Total of ${request.subjectWords} from the start of the range up to each interval.`,
    },
  ];
};

const stopped: Rule = (request) => {
  if (
    !/\b(stopped|no traffic|no events|went silent|silent|dead|zero traffic|flatlined?)\b/.test(
      request.text,
    )
  ) {
    return [];
  }
  return [
    {
      title: 'Traffic stopped',
      formula: `${request.subject} == 0`,
      explanation: `1 where ${request.subjectWords} recorded no events in the interval, else 0.`,
    },
  ];
};

const perMinute: Rule = (request) => {
  if (!/\b(per minute|a minute|rpm|events\/min|per min)\b/.test(request.text)) return [];
  return [
    {
      title: 'Events per minute',
      formula: request.subject.replace(/^count\(/, 'average('),
      explanation: `Mean events per minute of ${request.subjectWords} in each interval.`,
    },
  ];
};

const share: Rule = (request) => {
  if (!/\b(share|percent(age)? of (the )?total|fraction of (the )?total)\b/.test(request.text))
    return [];
  return [
    {
      title: 'Share of the range total (%)',
      formula: `${request.subject} / overall_sum(${request.subject}) * 100`,
      explanation: `Each interval's part of the range's total of ${request.subjectWords}, in %.`,
    },
  ];
};

const RULES: readonly Rule[] = [
  drop,
  rise,
  overPeriod,
  errorRate,
  clickThrough,
  movingAverage,
  spike,
  runningTotal,
  stopped,
  perMinute,
  share,
];

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
