import {
  countSeriesOf,
  HOUR_MS,
  type HourlyCountSeries,
  periodFigures,
  periodGrid,
} from './reliability-figures';

const DAY = 86_400_000;
const from = Date.UTC(2026, 10, 16);
const to = from + 2 * DAY;
const grid = periodGrid(from, to);
const hours = 4 * 24;

function series(
  service: string,
  signal: 'requests' | 'errors',
  perHour: (hour: number) => number | null,
  labels: Record<string, string> = {},
  length = hours,
): HourlyCountSeries {
  return {
    service,
    signal,
    labels,
    hourly: Array.from({ length }, (_, hour) => perHour(hour)),
  };
}

describe('countSeriesOf', () => {
  it('reads the service and signal of request and error counts only', () => {
    expect(countSeriesOf('vantage.traffic-monitor.errors')).toEqual({
      service: 'traffic-monitor',
      signal: 'errors',
    });
    expect(countSeriesOf('vantage.checkout.requests')).toEqual({
      service: 'checkout',
      signal: 'requests',
    });
    expect(countSeriesOf('vantage.checkout.error_rate')).toBeNull();
    expect(countSeriesOf('checkout.requests')).toBeNull();
  });
});

describe('periodFigures', () => {
  it('sums totals per period, preferring a service’s unlabelled series to its routes', () => {
    const figures = periodFigures(grid, [
      series('a', 'requests', () => 10),
      series('a', 'requests', () => 999, { route: 'GET /x' }),
      series('a', 'errors', (hour) => (hour < 48 ? 1 : 2)),
      // No unlabelled series: its routes are its total.
      series('b', 'requests', () => 5, { route: 'GET /y' }),
      series('b', 'requests', () => 5, { route: 'GET /z' }),
    ]);
    expect(figures.previous).toEqual({ requests: 48 * 20, errors: 48 });
    expect(figures.current).toEqual({ requests: 48 * 20, errors: 96 });
    expect(figures.dailyErrorRate.map((point) => point.value)).toEqual([
      24 / 480,
      24 / 480,
      48 / 480,
      48 / 480,
    ]);
    expect(figures.dailyErrorRate[0]?.from).toBe(new Date(from - 2 * DAY).toISOString());
  });

  it('ranks route errors of the current period, falling back to a service’s total', () => {
    const figures = periodFigures(grid, [
      series('a', 'errors', () => 3),
      series('a', 'errors', (hour) => (hour >= 48 ? 2 : 0), { route: 'POST /pay' }),
      series('a', 'errors', (hour) => (hour >= 48 ? 1 : 50), { route: 'GET /cart' }),
      series('a', 'errors', () => 0, { route: 'GET /never' }),
      series('b', 'errors', (hour) => (hour >= 48 ? 1 : 0)),
    ]);
    expect(figures.topErrors).toEqual([
      { service: 'a', error: 'POST /pay', count: 96 },
      { service: 'a', error: 'GET /cart', count: 48 },
      { service: 'b', error: 'all routes', count: 48 },
    ]);
  });

  it('keeps ten errors at most', () => {
    const many = Array.from({ length: 12 }, (_, index) =>
      series('a', 'errors', () => index + 1, { route: `GET /${index}` }),
    );
    const figures = periodFigures(grid, many);
    expect(figures.topErrors).toHaveLength(10);
    expect(figures.topErrors[0]).toEqual({ service: 'a', error: 'GET /11', count: 12 * 48 });
  });

  it('answers zeros without series', () => {
    const figures = periodFigures(grid, []);
    expect(figures.current).toEqual({ requests: 0, errors: 0 });
    expect(figures.topErrors).toEqual([]);
    expect(figures.dailyErrorRate).toHaveLength(4);
    expect(figures.hourlyRequests.every((value) => value === null)).toBe(true);
  });

  it('puts an hour holding the period start (half-hour zone) in the period before', () => {
    const halfHour = periodGrid(from + HOUR_MS / 2, to + HOUR_MS / 2);
    // 97 hours: the last one holds the end.
    const figures = periodFigures(halfHour, [series('a', 'requests', () => 1, {}, 97)]);
    expect(figures.previous.requests + figures.current.requests).toBe(97);
    expect(figures.current.requests).toBe(48);
  });
});
