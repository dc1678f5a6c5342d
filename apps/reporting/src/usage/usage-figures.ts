import type { UsageRecordDto } from '@vantage/contracts';
import { average, topKeys } from '../weekly/figures';
import type { UsageSection } from '../weekly/report-model';

/** One hour of usage as read back. */
export interface UsageHourFacts {
  readonly hour: Date;
  readonly calls: number;
  readonly events: number;
  readonly endpoints: ReadonlyMap<string, number>;
  readonly countries: ReadonlyMap<string, number>;
  readonly users: readonly string[];
}

/** What one usage event adds to one hour. */
export interface HourIncrement {
  readonly hour: Date;
  calls: number;
  events: number;
  logins: number;
  readonly endpoints: Map<string, number>;
  readonly countries: Map<string, number>;
  readonly users: Set<string>;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

/** Sums a usage event's records per UTC hour, so each hour costs one upsert. */
export function incrementsByHour(records: readonly UsageRecordDto[]): HourIncrement[] {
  const hours = new Map<number, HourIncrement>();
  for (const record of records) {
    const at = Date.parse(record.at);
    if (!Number.isFinite(at)) continue;
    const start = Math.floor(at / HOUR_MS) * HOUR_MS;
    let hour = hours.get(start);
    if (!hour) {
      hour = {
        hour: new Date(start),
        calls: 0,
        events: 0,
        logins: 0,
        endpoints: new Map(),
        countries: new Map(),
        users: new Set(),
      };
      hours.set(start, hour);
    }
    if (record.userId) hour.users.add(record.userId);
    if (record.kind === 'login') {
      hour.logins += 1;
      continue;
    }
    hour.calls += 1;
    hour.events += record.eventsIngested ?? 0;
    if (record.endpoint) increment(hour.endpoints, record.endpoint);
    if (record.country) increment(hour.countries, record.country);
  }
  return [...hours.values()];
}

/**
 * The usage section of the report. `dayStarts` are the local midnights of the week's days and
 * of the next Monday (8 instants), `previousDayStarts` the same for the week before; an hour
 * belongs to the day its start falls in. MAU counts the 30 days ending with each week.
 */
export function usageSection(
  hours: readonly UsageHourFacts[],
  dayStarts: readonly Date[],
  previousDayStarts: readonly Date[],
): UsageSection {
  const week = period(hours, dayStarts);
  const previous = period(hours, previousDayStarts);
  const end = (starts: readonly Date[]): number => (starts.at(-1) as Date).getTime();
  const begin = (starts: readonly Date[]): number => (starts[0] as Date).getTime();
  const monthly = (until: number): number =>
    distinctUsers(hours.filter((hour) => inRange(hour, until - 30 * DAY_MS, until))).size;
  return {
    dau: { current: average(week.dailyActive), previous: average(previous.dailyActive) },
    wau: {
      current: distinctUsers(week.hours).size,
      previous: distinctUsers(previous.hours).size,
    },
    mau: { current: monthly(end(dayStarts)), previous: monthly(begin(dayStarts)) },
    apiCalls: { current: week.calls, previous: previous.calls },
    eventsIngested: { current: week.events, previous: previous.events },
    topEndpoints: topKeys(week.endpoints, previous.endpoints, 10),
    countries: topKeys(week.countries, previous.countries, 10),
    dailyActiveUsers: { current: week.dailyActive, previous: previous.dailyActive },
  };
}

function period(hours: readonly UsageHourFacts[], starts: readonly Date[]) {
  const inPeriod = hours.filter((hour) =>
    inRange(hour, (starts[0] as Date).getTime(), (starts.at(-1) as Date).getTime()),
  );
  const dailyActive = starts.slice(0, -1).map((start, index) => {
    const next = starts[index + 1] as Date;
    return distinctUsers(inPeriod.filter((hour) => inRange(hour, start.getTime(), next.getTime())))
      .size;
  });
  const endpoints = new Map<string, number>();
  const countries = new Map<string, number>();
  let calls = 0;
  let events = 0;
  for (const hour of inPeriod) {
    calls += hour.calls;
    events += hour.events;
    for (const [key, count] of hour.endpoints) increment(endpoints, key, count);
    for (const [key, count] of hour.countries) increment(countries, key, count);
  }
  return { hours: inPeriod, dailyActive, endpoints, countries, calls, events };
}

function inRange(hour: UsageHourFacts, from: number, to: number): boolean {
  const at = hour.hour.getTime();
  return at >= from && at < to;
}

function distinctUsers(hours: readonly UsageHourFacts[]): Set<string> {
  const users = new Set<string>();
  for (const hour of hours) for (const user of hour.users) users.add(user);
  return users;
}

function increment(map: Map<string, number>, key: string, by = 1): void {
  map.set(key, (map.get(key) ?? 0) + by);
}
