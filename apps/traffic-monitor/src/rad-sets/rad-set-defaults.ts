/**
 * The four RAD sets every organisation starts with (created on its first use of RAD sets or
 * health). The globs follow the `pandc.<surface>.<area>.<placement>.<event>` naming of the
 * product-and-content events the monitor was built for; values per event are rough revenue
 * per event used only for the impact column, and meant to be edited.
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
export interface DefaultRadSet {
  readonly name: string;
  readonly pattern: string;
  readonly colour: string;
  readonly valuePerEvent: number;
}

export const DEFAULT_RAD_SETS: readonly DefaultRadSet[] = [
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

export const DEFAULT_RAD_SET_LEVELS = {
  criticalDropPct: 80,
  warningDropPct: 50,
  minDailyVolume: 100,
  highVolumeLevel: 1000,
  priority: 0,
} as const;
