import { addWeeks, dateOfIsoWeek, type IsoWeek, zonedTimeToInstant } from './iso-week';

/** Midnight of each day of the week in the zone, and of the Monday after (8 instants). */
export function localMidnights(week: IsoWeek, timeZone: string): Date[] {
  const days = [1, 2, 3, 4, 5, 6, 7].map((weekday) => dateOfIsoWeek(week, weekday));
  days.push(dateOfIsoWeek(addWeeks(week, 1), 1));
  return days.map((date) => zonedTimeToInstant({ ...date, hour: 0, minute: 0 }, timeZone));
}
