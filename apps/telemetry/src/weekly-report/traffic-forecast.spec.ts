import { HOUR_MS } from './reliability-figures';
import { trafficForecast } from './traffic-forecast';

const WEEK = 7 * 86_400_000;
const gridStart = Date.UTC(2026, 10, 9);
const from = gridStart + WEEK;
const to = from + WEEK;

describe('trafficForecast', () => {
  it('forecasts next period’s total with an interval around it', () => {
    const hourly = Array.from(
      { length: 336 },
      (_, hour) => 100 + 40 * Math.sin((2 * Math.PI * hour) / 24) + ((hour * 7919) % 13),
    );
    const figure = trafficForecast(hourly, gridStart, from, to);
    expect(figure).not.toBeNull();
    const { expected, lower, upper } = figure as NonNullable<typeof figure>;
    expect(figure).toMatchObject({
      from: new Date(to).toISOString(),
      to: new Date(to + WEEK).toISOString(),
      confidence: 0.8,
    });
    expect(lower).toBeLessThan(expected);
    expect(upper).toBeGreaterThan(expected);
    expect(expected).toBeGreaterThan(168 * 100 * 0.95);
    expect(expected).toBeLessThan(168 * 106 * 1.05);
  });

  it('forecasts the same week when the last hours have no data', () => {
    const hourly = Array.from({ length: 336 }, (_, hour) => (hour < 300 ? 100 : null));
    const figure = trafficForecast(hourly, gridStart, from, to);
    expect(figure?.from).toBe(new Date(to).toISOString());
    expect(figure?.expected).toBe(168 * 100);
  });

  it('gives nothing with fewer than 24 observed hours', () => {
    const hourly = Array.from({ length: 336 }, (_, hour) => (hour < 23 ? 100 : null));
    expect(trafficForecast(hourly, gridStart, from, to)).toBeNull();
    expect(trafficForecast([], gridStart, gridStart + HOUR_MS, gridStart + 2 * HOUR_MS)).toBeNull();
  });
});
