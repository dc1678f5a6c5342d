/**
 * The example RAD sets an organisation can add in one call (`POST /api/v1/rad-sets/examples`);
 * a new organisation has none. They classify event ids named
 * `pandc.<surface>.<area>.<placement>.<event>`, as the demo seed (tools/reporting/seed-demo.ts)
 * and the tests send, to try the dashboard before naming one's own sets
 * (`GET /api/v1/rad-sets/suggestions` proposes those from the ids actually sent). Values per
 * event are rough revenue per event, used only for the impact column, and meant to be edited.
 *
 * | set                     | pattern                                   | colour  | value/event |
 * | ----------------------- | ----------------------------------------- | ------- | ----------- |
 * | Venture feed            | pandc.vnext.recommendations.feed.feed*    | #2563eb | 0.05        |
 * | Venture metrics         | pandc.vnext.metrics.*                     | #7c3aed | 0.01        |
 * | Cart recommendations    | pandc.*.recommendations.cart.*            | #059669 | 0.25        |
 * | Product recommendations | pandc.*.recommendations.product.*         | #d97706 | 0.15        |
 *
 * All use the defaults: critical at an 80% drop, warning at 50%, minimum 100 events
 * a day, high volume from 1,000 a day, priority 0. None of the patterns overlap, so the
 * precedence rules only matter for sets added later.
 */
export interface ExampleRadSet {
  readonly name: string;
  readonly pattern: string;
  readonly colour: string;
  readonly valuePerEvent: number;
}

export const EXAMPLE_RAD_SETS: readonly ExampleRadSet[] = [
  {
    name: 'Venture feed',
    pattern: 'pandc.vnext.recommendations.feed.feed*',
    colour: '#2563eb',
    valuePerEvent: 0.05,
  },
  {
    name: 'Venture metrics',
    pattern: 'pandc.vnext.metrics.*',
    colour: '#7c3aed',
    valuePerEvent: 0.01,
  },
  {
    name: 'Cart recommendations',
    pattern: 'pandc.*.recommendations.cart.*',
    colour: '#059669',
    valuePerEvent: 0.25,
  },
  {
    name: 'Product recommendations',
    pattern: 'pandc.*.recommendations.product.*',
    colour: '#d97706',
    valuePerEvent: 0.15,
  },
];

export const EXAMPLE_RAD_SET_LEVELS = {
  criticalDropPct: 80,
  warningDropPct: 50,
  minDailyVolume: 100,
  highVolumeLevel: 1000,
  priority: 0,
} as const;
