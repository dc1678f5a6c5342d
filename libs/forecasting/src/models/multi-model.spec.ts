import { seededRandom } from '../numeric/seeded-random';
import { hourlyWithWeek, repeatPattern } from '../testing/simulate';
import { validatedCombination } from './combination';
import { dshw } from './dshw';
import { holt } from './ets/ets-models';
import { onLogScale } from './log-scale';
import { ModelInput } from './model';
import { mstlArima, mstlEts, mstlSarima } from './multi-seasonal';
import { naive, seasonalNaive } from './naive';
import { theta } from './theta';

const input = (y: number[], periods: number[], horizon: number): ModelInput => ({
  y: Float64Array.from(y),
  horizon,
  periods,
  levels: [80, 95],
});

const meanAbsoluteError = (a: readonly number[], b: readonly number[]): number =>
  a.reduce((sum, value, i) => sum + Math.abs(value - b[i]), 0) / a.length;

describe('multiple seasonalities', () => {
  const history = hourlyWithWeek({ days: 35, seed: 51, noise: 2, weekly: true });
  const truth = hourlyWithWeek({ days: 37, seed: 51, noise: 0, weekly: true }).slice(
    history.length,
  );

  it.each([
    ['mstl-ets', mstlEts],
    ['mstl-arima', mstlArima],
    ['mstl-sarima', mstlSarima],
    ['dshw', dshw],
  ])('%s follows a weekend dip that a daily model cannot see', (_, model) => {
    const result = model(input(history, [24, 168], 48));
    const dailyOnly = seasonalNaive(input(history, [24], 48));
    expect(meanAbsoluteError(result.point, truth)).toBeLessThan(3);
    expect(meanAbsoluteError(result.point, truth)).toBeLessThan(
      meanAbsoluteError(dailyOnly.point, truth) / 3,
    );
  });
});

describe('theta', () => {
  it('extrapolates a straight line at half its slope (theta = 2 averaged with the trend line)', () => {
    const line = Array.from({ length: 50 }, (_, t) => 10 + 2 * t);
    const { point } = theta(input(line, [], 5));
    for (let h = 1; h < 5; h++) expect(point[h] - point[h - 1]).toBeCloseTo(1, 3);
  });

  it('reseasonalises with the M4 multiplicative indices', () => {
    const pattern = [50, 100, 150, 100];
    const { point, description } = theta(input(repeatPattern(pattern, 60), [4], 8));
    expect(description).toBe('Theta(4)');
    point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 4], 3));
  });
});

describe('validatedCombination', () => {
  it('gives nearly all the weight to the member that forecast the holdout best', () => {
    const random = seededRandom(52);
    const pattern = [10, 30, 50, 30];
    const y = repeatPattern(pattern, 80).map((v) => v + 0.01 * random.normal());
    const combined = validatedCombination([
      { name: 'naive', model: naive },
      { name: 'seasonal-naive', model: seasonalNaive },
    ])(input(y, [4], 8));
    expect(combined.description).toMatch(/^Combination\(seasonal-naive 100%, naive 0%\)$/);
    combined.point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 4], 1));
  });

  it('weighs members equally when the series is too short to hold out a horizon', () => {
    const combined = validatedCombination([
      { name: 'naive', model: naive },
      { name: 'seasonal-naive', model: seasonalNaive },
    ])(input([1, 2, 3, 4, 5, 6], [4], 4));
    expect(combined.description).toBe('Combination(naive 50%, seasonal-naive 50%)');
  });
});

describe('onLogScale', () => {
  it('turns exponential growth into a straight line and back', () => {
    const growth = Array.from({ length: 40 }, (_, t) => 100 * 1.05 ** t);
    const { point, description } = onLogScale(holt)(input(growth, [], 5));
    expect(description).toMatch(/^log /);
    point.forEach((value, h) => expect(value / (100 * 1.05 ** (40 + h))).toBeCloseTo(1, 3));
  });

  it('leaves a series with zeros on its own scale', () => {
    expect(onLogScale(naive)(input([0, 1, 2], [], 2)).description).toBe('Naive');
  });
});
