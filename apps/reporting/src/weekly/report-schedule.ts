import {
  addWeeks,
  dateOfIsoWeek,
  type IsoWeek,
  isoWeekOfInstant,
  zonedTimeToInstant,
} from './iso-week';

/** When an organisation's weekly report goes out: a weekday and time in its time zone. */
export interface WeeklySchedule {
  /** 1 Monday … 7 Sunday. */
  readonly weekday: number;
  /** `HH:MM`, 24-hour, local. */
  readonly time: string;
  readonly timeZone: string;
}

export interface ScheduledReport {
  /** The week the report covers: the week before the one it is sent in. */
  readonly week: IsoWeek;
  readonly at: Date;
}

/** The send time that falls in `sentIn`, and the week that report covers. */
export function scheduledIn(sentIn: IsoWeek, schedule: WeeklySchedule): ScheduledReport {
  const [hour, minute] = schedule.time.split(':').map(Number);
  const date = dateOfIsoWeek(sentIn, schedule.weekday);
  const at = zonedTimeToInstant(
    { ...date, hour: hour ?? 0, minute: minute ?? 0 },
    schedule.timeZone,
  );
  return { week: addWeeks(sentIn, -1), at };
}

/** How late a scheduled report may still go out (the service was down at its time, say). */
export const CATCH_UP_MS = 24 * 3_600_000;

/**
 * The report that should go out at `now`: this local week's, from its time until a day later.
 * A report missed by more (the org had no recipient yet, the service was down for a day) waits
 * for next week rather than arriving days late; "send now" is there for that.
 */
export function dueReport(now: Date, schedule: WeeklySchedule): ScheduledReport | null {
  const current = scheduledIn(isoWeekOfInstant(now, schedule.timeZone), schedule);
  const late = now.getTime() - current.at.getTime();
  return late >= 0 && late <= CATCH_UP_MS ? current : null;
}

/** The next report to go out after `now`. */
export function nextReport(now: Date, schedule: WeeklySchedule): ScheduledReport {
  const thisWeek = isoWeekOfInstant(now, schedule.timeZone);
  const current = scheduledIn(thisWeek, schedule);
  return now.getTime() < current.at.getTime()
    ? current
    : scheduledIn(addWeeks(thisWeek, 1), schedule);
}

/** The last week that has ended by `now` in the zone: what "last week" means to its readers. */
export function lastCompleteWeek(now: Date, timeZone: string): IsoWeek {
  return addWeeks(isoWeekOfInstant(now, timeZone), -1);
}
