// Three weeks of a web shop's hourly traffic, as its own backend would report it: a daily cycle,
// quieter weekends, a little noise, and checkouts collapsing to a tenth on the last complete UTC
// day (what the dashboard and the alerts judge), the breakage the suite expects Vantage to flag.
// The traffic counts collapse on the last day of the last complete week as well, what the weekly
// report judges (the same day on Mondays).

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;

export const SHOP_EVENTS = {
  views: 'shop.product.view',
  searches: 'shop.search.query',
  checkouts: 'shop.checkout.completed',
} as const;

/** What is left of checkouts on the drop day. */
const DROPPED_SHARE = 0.1;

const HOURLY_PEAK: Record<string, number> = {
  [SHOP_EVENTS.views]: 2400,
  [SHOP_EVENTS.searches]: 900,
  [SHOP_EVENTS.checkouts]: 180,
};

export interface HourOfTraffic {
  readonly hourStartMs: number;
  readonly counts: Readonly<Record<string, number>>;
}

/** The start of the last complete UTC day: the day the drop is injected into. */
export function dropDayStart(now: number): number {
  return Math.floor(now / DAY_MS) * DAY_MS - DAY_MS;
}

/** Monday 00:00 UTC of the week holding `ms`. */
export function mondayBefore(ms: number): number {
  const day = Math.floor(ms / DAY_MS) * DAY_MS;
  const weekday = (new Date(day).getUTCDay() + 6) % 7;
  return day - weekday * DAY_MS;
}

/** The start of the last day of the last complete (ISO, UTC) week: what its report judges. */
export function reportedDayStart(now: number): number {
  return mondayBefore(now) - DAY_MS;
}

/**
 * Every complete hour from `days` days before the drop day up to the last complete hour before
 * `now`, checkouts collapsing on each day starting at one of `collapsed`. Deterministic for a
 * given `now` (the noise is a fixed pseudo-random sequence).
 */
export function shopTraffic(
  now: number,
  collapsed: readonly number[] = [dropDayStart(now)],
  days = 21,
): HourOfTraffic[] {
  const dropStart = dropDayStart(now);
  const first = dropStart - (days - 1) * DAY_MS;
  const lastHour = Math.floor(now / HOUR_MS) * HOUR_MS - HOUR_MS;
  const hours: HourOfTraffic[] = [];
  let seed = 42;
  const noise = (): number => {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    return 0.92 + 0.16 * (seed / 2_147_483_648);
  };
  for (let hour = first; hour <= lastHour; hour += HOUR_MS) {
    const hourOfDay = new Date(hour).getUTCHours();
    const weekday = new Date(hour).getUTCDay();
    const daily = 0.35 + 0.65 * Math.sin((Math.PI * Math.max(0, hourOfDay - 5)) / 19) ** 2;
    const weekly = weekday === 0 || weekday === 6 ? 0.8 : 1;
    const inDrop = collapsed.some((start) => hour >= start && hour < start + DAY_MS);
    const counts: Record<string, number> = {};
    for (const [eventId, peak] of Object.entries(HOURLY_PEAK)) {
      // A tenth, not a fifth: the daily-average baseline mixes in quieter weekends, so a fifth
      // on a weekday is only a 79% drop, under the default 80% CRITICAL threshold.
      const dropped = inDrop && eventId === SHOP_EVENTS.checkouts ? DROPPED_SHARE : 1;
      counts[eventId] = Math.max(1, Math.round(peak * daily * weekly * noise() * dropped));
    }
    hours.push({ hourStartMs: hour, counts });
  }
  return hours;
}

/** The traffic monitor's ingest body: one event count per event id and hour. */
export function trafficEvents(hours: readonly HourOfTraffic[]): Record<string, unknown>[] {
  return hours.flatMap((hour) =>
    Object.entries(hour.counts).map(([eventId, count]) => ({
      eventId,
      timestamp: new Date(hour.hourStartMs + 30 * 60_000).toISOString(),
      count,
      dimensions: { region: 'eu-west-1' },
    })),
  );
}

/**
 * The shop's own request and error counts for telemetry (`vantage.<service>.requests|errors`
 * is what the weekly reliability figures read): checkout requests follow checkouts, so the drop
 * shows there too; errors are about 1% with a spike during the drop.
 */
export function telemetrySamples(
  hours: readonly HourOfTraffic[],
  now: number,
): Record<string, unknown>[] {
  const dropStart = dropDayStart(now);
  return hours.flatMap((hour) => {
    const checkouts = hour.counts[SHOP_EVENTS.checkouts] ?? 0;
    const requests = checkouts * 12;
    const inDrop = hour.hourStartMs >= dropStart && hour.hourStartMs < dropStart + DAY_MS;
    const errors = Math.round(requests * (inDrop ? 0.2 : 0.01));
    const timestamp = new Date(hour.hourStartMs + 30 * 60_000).toISOString();
    return [
      { series: 'vantage.checkout.requests', timestamp, value: requests },
      {
        series: 'vantage.checkout.errors',
        timestamp,
        value: errors,
        labels: { route: 'POST /checkout' },
      },
    ];
  });
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
