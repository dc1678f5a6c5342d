/** Ready-made formulas served by `GET /api/v1/formulas/examples`; each one compiles (tested). */
export interface FormulaExample {
  readonly title: string;
  readonly formula: string;
  readonly description: string;
}

export const FORMULA_EXAMPLES: readonly FormulaExample[] = [
  {
    title: 'Click-through rate',
    formula: 'count(eventId="*.feed_click") / count(eventId="*.feed_impression") * 100',
    description:
      'Clicks per 100 impressions in each interval; undefined where there were no impressions.',
  },
  {
    title: 'Week over week',
    formula: 'count() / count(shift="1w")',
    description:
      'Traffic relative to the same interval one week earlier: 1 is unchanged, 0.5 is half.',
  },
  {
    title: 'Change since yesterday (%)',
    formula: '(count() - count(shift="1d")) / count(shift="1d") * 100',
    description: 'Percentage change against the same interval one day earlier.',
  },
  {
    title: 'Halved since yesterday',
    formula: 'ifelse(count() < count(shift="1d") * 0.5, 1, 0)',
    description:
      '1 where traffic is under half of the same interval a day earlier: an alert condition.',
  },
  {
    title: 'Smoothed traffic',
    formula: 'moving_average(count(), window=6)',
    description: 'Mean of the last six intervals, which hides minute-to-minute noise.',
  },
  {
    title: 'Deviation from the range average',
    formula: '(count() - overall_average(count())) / overall_average(count())',
    description:
      'How far each interval is from the average of the whole range, as a fraction of it.',
  },
  {
    title: 'Z-score',
    formula: '(count() - overall_average(count())) / overall_standard_deviation(count())',
    description: 'Standard deviations from the range average; beyond 3 (or below -3) is unusual.',
  },
  {
    title: 'Error rate',
    formula: 'count(eventId="api.*.error") / count(eventId="api.*") * 100',
    description:
      'Error events per 100 API events; adjust the globs to how your event ids are named.',
  },
  {
    title: 'Variant share of an experiment',
    formula: 'count(experiment="checkout-v2", variant="B") / count(experiment="checkout-v2") * 100',
    description: "Percentage of the experiment's traffic that variant B received.",
  },
  {
    title: 'Zero-safe ratio',
    formula: 'defaults(count(eventId="*.click") / count(eventId="*.impression"), 0) * 100',
    description:
      'Like a click-through rate, but 0 instead of undefined where there were no impressions.',
  },
  {
    title: 'Running total',
    formula: 'cumulative_sum(count(eventId="signup.completed"))',
    description: 'Sign-ups since the start of the range.',
  },
  {
    title: 'Spike',
    formula: 'ifelse(count() > moving_average(count(), window=12) * 2, 1, 0)',
    description: 'Marks intervals with more than twice the average of the last twelve.',
  },
  {
    title: 'Traffic stopped',
    formula: 'count(eventId="pandc.vnext.recommendations.feed.feed*") == 0',
    description: '1 where the feed recorded no events at all.',
  },
  {
    title: 'Burstiness',
    formula: 'max(eventId="api.request") / average(eventId="api.request")',
    description: 'Busiest minute against the mean minute of each interval; 1 is perfectly even.',
  },
  {
    title: '95th percentile minute',
    formula: 'percentile(95, eventId="api.request")',
    description: 'The per-minute count that 95% of the minutes in each interval stay under.',
  },
];
