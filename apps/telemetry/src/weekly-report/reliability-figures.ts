import type { DailyPoint, ReliabilityFigures, TopErrorFigure } from '@vantage/contracts';

/**
 * The reliability figures of a report period from the org's `vantage.<service>.requests` and
 * `.errors` count series, summed per hour (pure). Hours are assigned to a period by their start,
 * so a period boundary inside an hour (a time zone with a half-hour offset) moves to that
 * hour's start.
 */

export const TOP_ERRORS_LIMIT = 10;
export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

const COUNT_SERIES_NAME = /^vantage\.(.+)\.(requests|errors)$/;

export type CountSignal = 'requests' | 'errors';

/** One request or error count series of a service, with its hourly sums. */
export interface HourlyCountSeries {
  readonly service: string;
  readonly signal: CountSignal;
  readonly labels: Readonly<Record<string, string>>;
  /** Sum per hour from the grid's start; null for an hour without samples. */
  readonly hourly: readonly (number | null)[];
}

/** The report period and the one of the same length just before it, on an hourly grid. */
export interface PeriodGrid {
  /** Start of the hour holding the previous period's start: hourly[0] starts here. */
  readonly gridStartMs: number;
  readonly previousFromMs: number;
  readonly fromMs: number;
  readonly toMs: number;
}

export interface PeriodFigures {
  readonly current: ReliabilityFigures;
  readonly previous: ReliabilityFigures;
  readonly topErrors: TopErrorFigure[];
  readonly dailyErrorRate: DailyPoint[];
  /** Requests of all services per hour over the grid, null for hours none reported. */
  readonly hourlyRequests: (number | null)[];
}

/** `vantage.checkout.errors` -> {service: 'checkout', signal: 'errors'}; null for other names. */
export function countSeriesOf(name: string): { service: string; signal: CountSignal } | null {
  const match = COUNT_SERIES_NAME.exec(name);
  if (!match) return null;
  return { service: match[1] as string, signal: match[2] as CountSignal };
}

export function periodGrid(fromMs: number, toMs: number): PeriodGrid {
  const previousFromMs = fromMs - (toMs - fromMs);
  return {
    gridStartMs: previousFromMs - (((previousFromMs % HOUR_MS) + HOUR_MS) % HOUR_MS),
    previousFromMs,
    fromMs,
    toMs,
  };
}

/** Hours on the grid: the last one holds `toMs - 1`. */
export function gridHours(grid: PeriodGrid): number {
  return Math.ceil((grid.toMs - grid.gridStartMs) / HOUR_MS);
}

/**
 * Totals per service are its unlabelled series (the golden signals' whole-service count), or
 * the sum of its labelled ones when it has no unlabelled series. Top errors are the labelled
 * error series (per route, `route` label; other labels as `name=value` pairs) of the current
 * period, or the service's unlabelled errors (`all routes`) when it has no labelled ones.
 */
export function periodFigures(
  grid: PeriodGrid,
  series: readonly HourlyCountSeries[],
): PeriodFigures {
  const hours = gridHours(grid);
  const byService = new Map<string, HourlyCountSeries[]>();
  for (const one of series) {
    const list = byService.get(one.service) ?? [];
    list.push(one);
    byService.set(one.service, list);
  }
  const requests = new Array<number | null>(hours).fill(null);
  const errors = new Array<number | null>(hours).fill(null);
  const topErrors: TopErrorFigure[] = [];
  for (const [service, list] of byService) {
    for (const signal of ['requests', 'errors'] as const) {
      const ofSignal = list.filter((one) => one.signal === signal);
      const total = ofSignal.filter((one) => isUnlabelled(one.labels));
      addInto(signal === 'requests' ? requests : errors, total.length > 0 ? total : ofSignal);
    }
    const errorSeries = list.filter((one) => one.signal === 'errors');
    const labelled = errorSeries.filter((one) => !isUnlabelled(one.labels));
    for (const one of labelled.length > 0 ? labelled : errorSeries) {
      const count = sumHours(grid, one.hourly, grid.fromMs, grid.toMs);
      if (count > 0) topErrors.push({ service, error: describeLabels(one.labels), count });
    }
  }
  topErrors.sort(
    (a, b) =>
      b.count - a.count || a.service.localeCompare(b.service) || a.error.localeCompare(b.error),
  );
  return {
    current: {
      requests: sumHours(grid, requests, grid.fromMs, grid.toMs),
      errors: sumHours(grid, errors, grid.fromMs, grid.toMs),
    },
    previous: {
      requests: sumHours(grid, requests, grid.gridStartMs, grid.fromMs),
      errors: sumHours(grid, errors, grid.gridStartMs, grid.fromMs),
    },
    topErrors: topErrors.slice(0, TOP_ERRORS_LIMIT),
    dailyErrorRate: dailyErrorRate(grid, requests, errors),
    hourlyRequests: requests,
  };
}

/** errors / requests per 24-hour step from the previous period's start; 0 without requests. */
function dailyErrorRate(
  grid: PeriodGrid,
  requests: readonly (number | null)[],
  errors: readonly (number | null)[],
): DailyPoint[] {
  const days = Math.ceil((grid.toMs - grid.previousFromMs) / DAY_MS);
  const points: DailyPoint[] = [];
  for (let day = 0; day < days; day += 1) {
    const startMs = grid.previousFromMs + day * DAY_MS;
    // The first day also takes the hour that holds the previous period's start.
    const from = day === 0 ? grid.gridStartMs : startMs;
    const to = Math.min(startMs + DAY_MS, grid.toMs);
    const dayRequests = sumHours(grid, requests, from, to);
    const dayErrors = sumHours(grid, errors, from, to);
    points.push({
      from: new Date(startMs).toISOString(),
      value: dayRequests > 0 ? dayErrors / dayRequests : 0,
    });
  }
  return points;
}

/** Sum of the hours whose start lies in [fromMs, toMs). */
function sumHours(
  grid: PeriodGrid,
  hourly: readonly (number | null)[],
  fromMs: number,
  toMs: number,
): number {
  let sum = 0;
  hourly.forEach((value, index) => {
    const startMs = grid.gridStartMs + index * HOUR_MS;
    if (value !== null && startMs >= fromMs && startMs < toMs) sum += value;
  });
  return sum;
}

function addInto(target: (number | null)[], series: readonly HourlyCountSeries[]): void {
  for (const one of series) {
    one.hourly.forEach((value, index) => {
      if (value === null || index >= target.length) return;
      target[index] = (target[index] ?? 0) + value;
    });
  }
}

function isUnlabelled(labels: Readonly<Record<string, string>>): boolean {
  return Object.keys(labels).length === 0;
}

function describeLabels(labels: Readonly<Record<string, string>>): string {
  const names = Object.keys(labels).sort();
  if (names.length === 0) return 'all routes';
  if (names.length === 1 && names[0] === 'route') return labels['route'] as string;
  return names.map((name) => `${name}=${labels[name] as string}`).join(', ');
}
