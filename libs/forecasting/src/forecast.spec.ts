import { forecast } from './forecast';
import { ForecastInputError } from './forecast-input-error';
import { MODEL_NAMES, ModelName } from './forecast-types';
import { seededRandom } from './numeric/seeded-random';
import { hourlyWithWeek, repeatPattern } from './testing/simulate';

const LEVELS = [80, 95];

function expectWellFormed(result: ReturnType<typeof forecast>, horizon: number): void {
  expect(result.point).toHaveLength(horizon);
  for (const level of LEVELS) {
    const { lo, hi } = result.intervals[level];
    expect(lo).toHaveLength(horizon);
    result.point.forEach((value, h) => {
      expect(Number.isFinite(value)).toBe(true);
      expect(Number.isFinite(lo[h]) && Number.isFinite(hi[h])).toBe(true);
      expect(lo[h]).toBeLessThanOrEqual(value);
      expect(hi[h]).toBeGreaterThanOrEqual(value);
    });
  }
  const { lo: lo80, hi: hi80 } = result.intervals[80];
  const { lo: lo95, hi: hi95 } = result.intervals[95];
  lo80.forEach((value, h) => expect(lo95[h]).toBeLessThanOrEqual(value + 1e-9));
  hi80.forEach((value, h) => expect(hi95[h]).toBeGreaterThanOrEqual(value - 1e-9));
}

/** Ten days of hourly data with gaps, as null and as NaN. */
function hourlyWithGaps(): (number | null)[] {
  const values: (number | null)[] = hourlyWithWeek({ days: 10, seed: 41, noise: 4, weekly: false });
  for (let t = 50; t < 58; t++) values[t] = null;
  values[100] = Number.NaN;
  values[values.length - 2] = null;
  return values;
}

describe('forecast', () => {
  const gappy = hourlyWithGaps();

  it.each(MODEL_NAMES.map((name) => [name]))(
    '%s gives finite forecasts with nested intervals on a series with missing points',
    (model: ModelName) => {
      const result = forecast(gappy, { horizon: 24, season: 24, model });
      expectWellFormed(result, 24);
    },
  );

  it('forecasts a pure seasonal series exactly with seasonal naive and Holt-Winters', () => {
    const pattern = Array.from(
      { length: 24 },
      (_, h) => 100 + 40 * Math.sin((2 * Math.PI * h) / 24),
    );
    const y = repeatPattern(pattern, 24 * 20);
    for (const model of ['seasonal-naive', 'hw-additive', 'hw-multiplicative'] as const) {
      const result = forecast(y, { horizon: 48, season: 24, model });
      result.point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 24], 5));
    }
  });

  it('widens intervals with the horizon when the level wanders', () => {
    const random = seededRandom(42);
    let level = 200;
    const y = hourlyWithWeek({ days: 14, seed: 42, noise: 2, weekly: false }).map(
      (value) => value + (level += 2 * random.normal()),
    );
    for (const model of ['arima', 'ets', 'theta', 'dshw', 'mstl-ets', 'naive2'] as const) {
      const { lo, hi } = forecast(y, { horizon: 48, season: 24, model }).intervals[95];
      // Same hour of the day, a day apart: seasonal scaling cannot explain a difference.
      expect(hi[47] - lo[47]).toBeGreaterThan(hi[23] - lo[23]);
      expect(hi[24] - lo[24]).toBeGreaterThan(hi[0] - lo[0]);
    }
  });

  it('detects the season when none is given, and follows the weekly cycle', () => {
    const y = hourlyWithWeek({ days: 42, seed: 43, noise: 2, weekly: true });
    const truth = hourlyWithWeek({ days: 44, seed: 43, noise: 0, weekly: true }).slice(y.length);
    const result = forecast(y, { horizon: 48, model: 'mstl-sarima' });
    expect(result.seasons).toEqual([24, 168]);
    const meanError =
      result.point.reduce((sum, value, h) => sum + Math.abs(value - truth[h]), 0) / 48;
    expect(meanError).toBeLessThan(4);
  });

  it('treats season 1 as non-seasonal', () => {
    expect(
      forecast(hourlyWithWeek({ days: 10, seed: 44, noise: 1, weekly: false }), {
        horizon: 3,
        season: 1,
      }).seasons,
    ).toEqual([]);
  });

  it('forecasts a constant series as that constant with no uncertainty', () => {
    const result = forecast(new Array(50).fill(7), { horizon: 5, model: 'hw-multiplicative' });
    expect(result.point).toEqual(new Array(5).fill(7));
    expect(result.intervals[95]).toEqual({ lo: new Array(5).fill(7), hi: new Array(5).fill(7) });
  });

  it.each(MODEL_NAMES.map((name) => [name]))(
    '%s survives one, two and three points',
    (model: ModelName) => {
      for (const y of [[5], [5, 8], [5, 8, 6]])
        expectWellFormed(forecast(y, { horizon: 4, season: 24, model }), 4);
    },
  );

  it('handles zeros under multiplicative models and never forecasts below zero for counts', () => {
    const random = seededRandom(45);
    const counts = Array.from({ length: 240 }, (_, t) =>
      Math.max(0, Math.round((t % 24 < 8 ? 0 : 5) + random.normal())),
    );
    for (const model of ['hw-multiplicative', 'hw-multiplicative-damped', 'ets', 'auto'] as const) {
      const result = forecast(counts, { horizon: 24, season: 24, model });
      expectWellFormed(result, 24);
      expect(Math.min(...result.intervals[95].lo)).toBeGreaterThanOrEqual(0);
    }
  });

  it('lets a falling series go negative only when told it may', () => {
    const falling = Array.from({ length: 60 }, (_, t) => 60 - t);
    expect(Math.min(...forecast(falling, { horizon: 30, model: 'holt' }).point)).toBe(0);
    expect(
      Math.min(...forecast(falling, { horizon: 30, model: 'holt', nonNegative: false }).point),
    ).toBeLessThan(-20);
  });

  it('is not thrown off by an isolated spike', () => {
    const pattern = Array.from(
      { length: 24 },
      (_, h) => 50 + 20 * Math.cos((2 * Math.PI * h) / 24),
    );
    const random = seededRandom(46);
    const y = repeatPattern(pattern, 24 * 14).map((v) => v + random.normal());
    y[200] = 5000;
    const cleaned = forecast(y, { horizon: 24, season: 24, model: 'hw-additive' });
    cleaned.point.forEach((value, h) => expect(Math.abs(value - pattern[h])).toBeLessThan(4));
  });

  it('rejects what cannot be forecast', () => {
    expect(() => forecast([1, 2, 3], { horizon: 0 })).toThrow(ForecastInputError);
    expect(() => forecast([1, 2, 3], { horizon: 2.5 })).toThrow(ForecastInputError);
    expect(() => forecast([1, 2, 3], { horizon: 2, levels: [100] })).toThrow(ForecastInputError);
    expect(() => forecast([null, Number.NaN], { horizon: 2 })).toThrow(ForecastInputError);
    expect(() => forecast([], { horizon: 2 })).toThrow(ForecastInputError);
    expect(() => forecast([1, 2, 3], { horizon: 2, model: 'prophet' as ModelName })).toThrow(
      /unknown model/,
    );
  });
});
