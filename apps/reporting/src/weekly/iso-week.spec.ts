import {
  addWeeks,
  dateOfIsoWeek,
  formatIsoWeek,
  isoWeekOfDate,
  isoWeekOfInstant,
  isValidTimeZone,
  parseIsoWeek,
  weekBounds,
  weeksInYear,
  zonedTimeToInstant,
} from './iso-week';

describe('ISO weeks', () => {
  it('puts 16–22 November 2026 in 2026-W47', () => {
    expect(formatIsoWeek(isoWeekOfDate({ year: 2026, month: 11, day: 16 }))).toBe('2026-W47');
    expect(formatIsoWeek(isoWeekOfDate({ year: 2026, month: 11, day: 22 }))).toBe('2026-W47');
    expect(formatIsoWeek(isoWeekOfDate({ year: 2026, month: 11, day: 23 }))).toBe('2026-W48');
    expect(dateOfIsoWeek({ year: 2026, week: 47 })).toEqual({ year: 2026, month: 11, day: 16 });
  });

  it('gives days around new year to the week of their Thursday', () => {
    expect(formatIsoWeek(isoWeekOfDate({ year: 2024, month: 12, day: 30 }))).toBe('2025-W01');
    expect(formatIsoWeek(isoWeekOfDate({ year: 2027, month: 1, day: 1 }))).toBe('2026-W53');
    expect(formatIsoWeek(isoWeekOfDate({ year: 2021, month: 1, day: 3 }))).toBe('2020-W53');
    expect(dateOfIsoWeek({ year: 2025, week: 1 })).toEqual({ year: 2024, month: 12, day: 30 });
  });

  it('knows long years, and refuses a week 53 of a short one', () => {
    expect(weeksInYear(2020)).toBe(53);
    expect(weeksInYear(2026)).toBe(53);
    expect(weeksInYear(2025)).toBe(52);
    expect(parseIsoWeek('2026-W53')).toEqual({ year: 2026, week: 53 });
    expect(parseIsoWeek('2025-W53')).toBeNull();
    expect(parseIsoWeek('2025-W00')).toBeNull();
    expect(parseIsoWeek('2025-W7')).toBeNull();
    expect(parseIsoWeek('2025W07')).toBeNull();
  });

  it('adds and subtracts weeks across years', () => {
    expect(formatIsoWeek(addWeeks({ year: 2026, week: 53 }, 1))).toBe('2027-W01');
    expect(formatIsoWeek(addWeeks({ year: 2027, week: 1 }, -1))).toBe('2026-W53');
    expect(formatIsoWeek(addWeeks({ year: 2026, week: 47 }, -8))).toBe('2026-W39');
  });
});

describe('weeks in a time zone', () => {
  it('bounds a UTC week by Monday midnights', () => {
    const { from, to } = weekBounds({ year: 2026, week: 47 }, 'UTC');

    expect(from.toISOString()).toBe('2026-11-16T00:00:00.000Z');
    expect(to.toISOString()).toBe('2026-11-23T00:00:00.000Z');
  });

  it('bounds a week by local midnights, 167 hours long across spring-forward', () => {
    const { from, to } = weekBounds({ year: 2026, week: 13 }, 'Europe/Paris');

    expect(from.toISOString()).toBe('2026-03-22T23:00:00.000Z');
    expect(to.toISOString()).toBe('2026-03-29T22:00:00.000Z');
    expect((to.getTime() - from.getTime()) / 3_600_000).toBe(167);
  });

  it('finds the week of an instant by the local date', () => {
    // Sunday 23:30 UTC is already Monday in Tokyo.
    const instant = new Date('2026-11-22T23:30:00Z');

    expect(formatIsoWeek(isoWeekOfInstant(instant, 'UTC'))).toBe('2026-W47');
    expect(formatIsoWeek(isoWeekOfInstant(instant, 'Asia/Tokyo'))).toBe('2026-W48');
  });

  it('moves a time skipped by spring-forward past the jump, and takes the first of a repeated one', () => {
    const skipped = zonedTimeToInstant(
      { year: 2026, month: 3, day: 29, hour: 2, minute: 30 },
      'Europe/Paris',
    );
    const repeated = zonedTimeToInstant(
      { year: 2026, month: 10, day: 25, hour: 2, minute: 30 },
      'Europe/Paris',
    );

    expect(skipped.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(repeated.toISOString()).toBe('2026-10-25T00:30:00.000Z');
  });

  it('converts ordinary local times with the offset of the season', () => {
    const winter = zonedTimeToInstant(
      { year: 2026, month: 11, day: 23, hour: 8, minute: 0 },
      'America/New_York',
    );
    const summer = zonedTimeToInstant(
      { year: 2026, month: 7, day: 6, hour: 8, minute: 0 },
      'America/New_York',
    );

    expect(winter.toISOString()).toBe('2026-11-23T13:00:00.000Z');
    expect(summer.toISOString()).toBe('2026-07-06T12:00:00.000Z');
  });

  it('tells known time zones from unknown ones', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
