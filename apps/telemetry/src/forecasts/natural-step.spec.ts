import { naturalAggregation, naturalStepMs } from './natural-step';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe('naturalStepMs', () => {
  it('uses the declared interval, rounded down to a known step', () => {
    expect(naturalStepMs(10_000, [])).toBe(MINUTE);
    expect(naturalStepMs(10 * MINUTE, [])).toBe(5 * MINUTE);
    expect(naturalStepMs(HOUR, [])).toBe(HOUR);
  });

  it('reads one sample an hour as hourly data', () => {
    expect(naturalStepMs(null, [1, 1, null, 1, 1, 1])).toBe(HOUR);
  });

  it('reads sixty samples an hour as minutely data, and twelve as five-minutely', () => {
    expect(naturalStepMs(null, [60, 59, 60])).toBe(MINUTE);
    expect(naturalStepMs(null, [12, 12, 11])).toBe(5 * MINUTE);
  });

  it('reads one sample a day as daily data', () => {
    const hours = Array.from({ length: 24 * 5 }, (_, index) => (index % 24 === 0 ? 1 : null));
    expect(naturalStepMs(null, hours)).toBe(24 * HOUR);
  });

  it('falls back to hourly without any sample', () => {
    expect(naturalStepMs(null, [null, null])).toBe(HOUR);
  });
});

describe('naturalAggregation', () => {
  it('sums counts and averages gauges', () => {
    expect(naturalAggregation('count')).toBe('sum');
    expect(naturalAggregation('gauge')).toBe('avg');
  });
});
