import {
  formatAverage,
  formatChange,
  formatCount,
  formatDuration,
  formatMoney,
  formatRate,
  formatRateChange,
  formatSignedMoney,
  formatWeekRange,
} from './format';

describe('e-mail number formats', () => {
  it('groups counts, and shortens very large ones', () => {
    expect(formatCount(0)).toBe('0');
    expect(formatCount(12_345)).toBe('12,345');
    expect(formatCount(1_234_567)).toBe('1.2M');
    expect(formatAverage(41.2857)).toBe('41.3');
    expect(formatAverage(1234.6)).toBe('1,235');
  });

  it('writes money from minor units in whole units of the currency', () => {
    expect(formatMoney(1_240_000, 'usd')).toBe('$12,400');
    expect(formatMoney(99, 'eur')).toBe('€1');
    expect(formatMoney(5000, 'jpy')).toBe('¥5,000');
    expect(formatSignedMoney(40_000, 'usd')).toBe('+$400');
    expect(formatSignedMoney(-40_000, 'usd')).toBe('\u2212$400');
  });

  it('writes rates as percentages', () => {
    expect(formatRate(0.0235)).toBe('2.35%');
    expect(formatRate(null)).toBe('n/a');
    expect(formatRate(0.5, 0)).toBe('50%');
  });

  it('writes changes with their direction and whether they are good news', () => {
    expect(formatChange(12_400, 12_000, 'up-good')).toEqual({
      text: '+3.3%',
      tone: 'good',
      arrow: '\u25B2',
    });
    expect(formatChange(3, 4, 'down-good')).toEqual({
      text: '\u221225.0%',
      tone: 'good',
      arrow: '\u25BC',
    });
    expect(formatChange(5, 0, 'up-good')).toMatchObject({ text: 'new', tone: 'good' });
    expect(formatChange(7, 7, 'up-good')).toEqual({ text: 'no change', tone: 'flat', arrow: '' });
    expect(formatChange(300, 100)).toMatchObject({ text: '+200%', tone: 'flat' });
    expect(formatRateChange(0.025, 0.021, 'down-good')).toMatchObject({
      text: '+0.40 pp',
      tone: 'bad',
    });
  });

  it('writes durations for people', () => {
    expect(formatDuration(20_000)).toBe('< 1 min');
    expect(formatDuration(45 * 60_000)).toBe('45 min');
    expect(formatDuration(200 * 60_000)).toBe('3 h 20 min');
    expect(formatDuration(52 * 3_600_000)).toBe('2 d 4 h');
    expect(formatDuration(null)).toBe('n/a');
  });

  it('writes the days of a week in its zone', () => {
    expect(
      formatWeekRange(new Date('2026-11-16T00:00:00Z'), new Date('2026-11-23T00:00:00Z'), 'UTC'),
    ).toBe('16\u201322 Nov 2026');
    expect(
      formatWeekRange(
        new Date('2026-11-29T23:00:00Z'),
        new Date('2026-12-06T23:00:00Z'),
        'Europe/Paris',
      ),
    ).toBe('30 Nov \u2013 6 Dec 2026');
    expect(
      formatWeekRange(new Date('2026-12-28T00:00:00Z'), new Date('2027-01-04T00:00:00Z'), 'UTC'),
    ).toBe('28 Dec 2026 \u2013 3 Jan 2027');
  });
});
