import { formatIsoWeek } from './iso-week';
import { dueReport, lastCompleteWeek, nextReport, type WeeklySchedule } from './report-schedule';

const mondayEight: WeeklySchedule = { weekday: 1, time: '08:00', timeZone: 'UTC' };

describe('weekly schedule', () => {
  it('is due from Monday 08:00 UTC, for the week before', () => {
    const due = dueReport(new Date('2026-11-23T08:00:00Z'), mondayEight);

    expect(due && formatIsoWeek(due.week)).toBe('2026-W47');
    expect(due?.at.toISOString()).toBe('2026-11-23T08:00:00.000Z');
  });

  it('is not due before its time, nor more than a day after it', () => {
    expect(dueReport(new Date('2026-11-23T07:59:59Z'), mondayEight)).toBeNull();
    const nextMorning = dueReport(new Date('2026-11-24T08:00:00Z'), mondayEight);
    expect(nextMorning && formatIsoWeek(nextMorning.week)).toBe('2026-W47');
    expect(dueReport(new Date('2026-11-24T08:00:01Z'), mondayEight)).toBeNull();
    expect(dueReport(new Date('2026-11-29T20:00:00Z'), mondayEight)).toBeNull();
  });

  it('follows the organisation’s time zone and weekday', () => {
    const tokyo: WeeklySchedule = { weekday: 1, time: '08:00', timeZone: 'Asia/Tokyo' };
    const fridayParis: WeeklySchedule = { weekday: 5, time: '17:30', timeZone: 'Europe/Paris' };

    const due = dueReport(new Date('2026-11-22T23:00:00Z'), tokyo);
    expect(due && formatIsoWeek(due.week)).toBe('2026-W47');
    expect(dueReport(new Date('2026-11-22T22:59:00Z'), tokyo)).toBeNull();

    const next = nextReport(new Date('2026-11-23T10:00:00Z'), fridayParis);
    expect(next.at.toISOString()).toBe('2026-11-27T16:30:00.000Z');
    expect(formatIsoWeek(next.week)).toBe('2026-W47');
  });

  it('names next week’s report once this week’s has gone', () => {
    const next = nextReport(new Date('2026-11-23T08:00:00Z'), mondayEight);

    expect(next.at.toISOString()).toBe('2026-11-30T08:00:00.000Z');
    expect(formatIsoWeek(next.week)).toBe('2026-W48');
  });

  it('calls the week before the current local one the last complete week', () => {
    expect(formatIsoWeek(lastCompleteWeek(new Date('2026-11-23T00:30:00Z'), 'UTC'))).toBe(
      '2026-W47',
    );
    expect(
      formatIsoWeek(lastCompleteWeek(new Date('2026-11-23T00:30:00Z'), 'America/Los_Angeles')),
    ).toBe('2026-W46');
  });
});
