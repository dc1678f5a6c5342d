import { ISO_WEEK_PATTERN } from '@vantage/contracts';

/**
 * ISO 8601 weeks (Monday first; week 1 holds the year's first Thursday) and their bounds in a
 * time zone. Pure: everything else about dates in this service builds on these.
 */
export interface IsoWeek {
  readonly year: number;
  readonly week: number;
}

/** A calendar date without a zone. */
export interface CalendarDate {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

const DAY_MS = 86_400_000;

export function parseIsoWeek(text: string): IsoWeek | null {
  if (!ISO_WEEK_PATTERN.test(text)) return null;
  const week = { year: Number(text.slice(0, 4)), week: Number(text.slice(6)) };
  // W53 exists only in long years.
  return week.week <= weeksInYear(week.year) ? week : null;
}

export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${String(year).padStart(4, '0')}-W${String(week).padStart(2, '0')}`;
}

/** 52 or 53: a year is long when 28 December falls in its week 53. */
export function weeksInYear(year: number): number {
  return isoWeekOfDate({ year, month: 12, day: 28 }).week;
}

/** The ISO week a calendar date belongs to. */
export function isoWeekOfDate(date: CalendarDate): IsoWeek {
  const day = Date.UTC(date.year, date.month - 1, date.day);
  const weekday = isoWeekday(date);
  // The Thursday of the same week decides the year.
  const thursday = new Date(day + (4 - weekday) * DAY_MS);
  const year = thursday.getUTCFullYear();
  const week = Math.floor((thursday.getTime() - Date.UTC(year, 0, 1)) / DAY_MS / 7) + 1;
  return { year, week };
}

/** 1 Monday … 7 Sunday. */
export function isoWeekday(date: CalendarDate): number {
  const weekday = new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
  return weekday === 0 ? 7 : weekday;
}

/** The calendar date of a weekday (1–7) of an ISO week. */
export function dateOfIsoWeek({ year, week }: IsoWeek, weekday = 1): CalendarDate {
  // 4 January is always in week 1.
  const jan4 = { year, month: 1, day: 4 };
  const mondayOfWeek1 = Date.UTC(year, 0, 4) - (isoWeekday(jan4) - 1) * DAY_MS;
  return calendarDateOf(new Date(mondayOfWeek1 + ((week - 1) * 7 + weekday - 1) * DAY_MS));
}

export function addWeeks(week: IsoWeek, weeks: number): IsoWeek {
  const monday = dateOfIsoWeek(week);
  const shifted = Date.UTC(monday.year, monday.month - 1, monday.day) + weeks * 7 * DAY_MS;
  return isoWeekOfDate(calendarDateOf(new Date(shifted)));
}

export function compareWeeks(a: IsoWeek, b: IsoWeek): number {
  return a.year - b.year || a.week - b.week;
}

/**
 * The instants a week starts and ends at in a time zone: Monday 00:00 local to the next
 * Monday 00:00 local (so 167 or 169 hours across a daylight-saving change).
 */
export function weekBounds(week: IsoWeek, timeZone: string): { from: Date; to: Date } {
  const monday = dateOfIsoWeek(week);
  const next = dateOfIsoWeek(addWeeks(week, 1));
  return {
    from: zonedTimeToInstant({ ...monday, hour: 0, minute: 0 }, timeZone),
    to: zonedTimeToInstant({ ...next, hour: 0, minute: 0 }, timeZone),
  };
}

/** The ISO week an instant falls in, in a time zone. */
export function isoWeekOfInstant(instant: Date, timeZone: string): IsoWeek {
  return isoWeekOfDate(zonedParts(instant, timeZone));
}

export interface ZonedDateTime extends CalendarDate {
  readonly hour: number;
  readonly minute: number;
}

/** The wall-clock date and time of an instant in a zone. */
export function zonedParts(instant: Date, timeZone: string): ZonedDateTime & { second: number } {
  const parts = formatter(timeZone).formatToParts(instant);
  const get = (type: Intl.DateTimeFormatPartTypes): number =>
    Number(parts.find((part) => part.type === type)?.value);
  return {
    year: get('year'),
    month: get('month'),
    day: get('day'),
    hour: get('hour') % 24,
    minute: get('minute'),
    second: get('second'),
  };
}

/**
 * The instant a wall-clock time happens at in a zone. A time skipped by a daylight-saving jump
 * (02:30 on a spring-forward night) is taken as the same time before the jump, i.e. moved
 * forward by the jump; a time that happens twice takes the first.
 */
export function zonedTimeToInstant(local: ZonedDateTime, timeZone: string): Date {
  const asUtc = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets around the wanted time; one of them is the zone's offset then.
  const candidates = [offsetMs(asUtc - DAY_MS, timeZone), offsetMs(asUtc + DAY_MS, timeZone)];
  const matching = candidates
    .map((offset) => asUtc - offset)
    .filter((instant) => wallClockMs(instant, timeZone) === asUtc)
    .sort((a, b) => a - b);
  if (matching[0] !== undefined) return new Date(matching[0]);
  // Skipped time: apply the offset in force before the jump.
  return new Date(asUtc - (candidates[0] ?? 0));
}

/** Whether Intl knows the zone (IANA names such as `Europe/Paris`, and `UTC`). */
export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatter(timeZone);
    return true;
  } catch {
    return false;
  }
}

/** The UTC calendar date of an instant. */
export function calendarDateOf(instant: Date): CalendarDate {
  return {
    year: instant.getUTCFullYear(),
    month: instant.getUTCMonth() + 1,
    day: instant.getUTCDate(),
  };
}

function offsetMs(instant: number, timeZone: string): number {
  return wallClockMs(instant, timeZone) - instant;
}

/** The wall-clock reading at an instant, as if it were UTC (seconds dropped). */
function wallClockMs(instant: number, timeZone: string): number {
  const p = zonedParts(new Date(instant), timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute) + p.second * 1000;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let cached = formatters.get(timeZone);
  if (!cached) {
    cached = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
    });
    formatters.set(timeZone, cached);
  }
  return cached;
}
