import { repeatPattern, simulateEts } from '../../testing/simulate';
import { ModelInput } from '../model';
import { fitEts } from './ets-fit';
import { forecastEts } from './ets-forecast';
import {
  autoEts,
  dampedTrend,
  holt,
  holtWintersAdditive,
  holtWintersMultiplicative,
  selectEtsByAicc,
  ses,
} from './ets-models';
import { describeEts } from './ets-spec';

const input = (y: number[], periods: number[], horizon = 24): ModelInput => ({
  y: Float64Array.from(y),
  horizon,
  periods,
  levels: [80, 95],
});

const width = (forecast: { intervals: Map<number, { lo: number[]; hi: number[] }> }, h: number) => {
  const interval = forecast.intervals.get(95);
  return interval ? interval.hi[h] - interval.lo[h] : NaN;
};

const pattern12 = Array.from({ length: 12 }, (_, i) => 10 * Math.sin((2 * Math.PI * i) / 12));

describe('exponential smoothing', () => {
  it('Holt-Winters forecasts a pure seasonal series exactly', () => {
    const pattern = [20, 35, 50, 35, 20, 10];
    const y = repeatPattern(pattern, 60);
    for (const model of [holtWintersAdditive, holtWintersMultiplicative]) {
      const result = model(input(y, [6], 12));
      result.point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 6], 6));
    }
  });

  it('SES and Holt follow a level and a straight line', () => {
    expect(
      ses(
        input(
          new Array(30).fill(0).map((_, t) => 5 + (t % 2) * 1e-9),
          [],
        ),
      ).point[0],
    ).toBeCloseTo(5, 6);
    const line = Array.from({ length: 30 }, (_, t) => 2 + 3 * t);
    holt(input(line, [], 5)).point.forEach((value, h) =>
      expect(value).toBeCloseTo(2 + 3 * (30 + h), 3),
    );
  });

  it('a damped trend flattens out', () => {
    const y = simulateEts({
      n: 200,
      seed: 11,
      sigma: 1,
      level: 0,
      alpha: 0.3,
      trend: { slope: 3, beta: 0.1, phi: 0.85 },
    });
    const { point } = dampedTrend(input(y, [], 60));
    expect(Math.abs(point[59] - point[58])).toBeLessThan(Math.abs(point[1] - point[0]));
  });

  it.each([
    ['analytic', 'A' as const, 'A' as const],
    ['simulated', 'M' as const, 'M' as const],
  ])('widens %s prediction intervals with the horizon', (_, error, season) => {
    const y = simulateEts({
      n: 240,
      seed: 12,
      sigma: error === 'M' ? 0.03 : 1,
      level: 100,
      alpha: 0.3,
      multiplicativeError: error === 'M',
      season: {
        period: 12,
        gamma: 0.1,
        multiplicative: season === 'M',
        pattern: season === 'M' ? pattern12.map((v) => 1 + v / 20) : pattern12,
      },
    });
    const fit = fitEts(Float64Array.from(y), { error, trend: 'N', season, m: 12 });
    expect(fit).toBeDefined();
    if (!fit) return;
    const forecast = forecastEts(fit, 36, [80, 95]);
    expect(width(forecast, 35)).toBeGreaterThan(width(forecast, 0));
    expect(width(forecast, 12)).toBeGreaterThan(width(forecast, 0));
    const w80 = (forecast.intervals.get(80)?.hi[0] ?? 0) - (forecast.intervals.get(80)?.lo[0] ?? 0);
    expect(width(forecast, 0)).toBeGreaterThan(w80);
  });

  // AICc is a statistic: on any one simulated series it may prefer a neighbour, so each case
  // asks for the generating model on at least four of five seeds.
  it.each([
    [
      'ETS(A,N,N)',
      1,
      (seed: number) => simulateEts({ n: 240, seed, sigma: 1, level: 0, alpha: 0.3 }),
    ],
    [
      'ETS(A,A,N)',
      1,
      (seed: number) =>
        simulateEts({
          n: 300,
          seed,
          sigma: 1,
          level: 0,
          alpha: 0.3,
          trend: { slope: 1, beta: 0.05 },
        }),
    ],
    [
      'ETS(A,Ad,N)',
      1,
      (seed: number) =>
        simulateEts({
          n: 300,
          seed,
          sigma: 1,
          level: 0,
          alpha: 0.3,
          trend: { slope: 3, beta: 0.1, phi: 0.85 },
        }),
    ],
    [
      'ETS(A,N,A)',
      12,
      (seed: number) =>
        simulateEts({
          n: 300,
          seed,
          sigma: 1,
          level: 0,
          alpha: 0.2,
          season: { period: 12, gamma: 0.1, pattern: pattern12 },
        }),
    ],
    [
      'ETS(M,N,M)',
      12,
      (seed: number) =>
        simulateEts({
          n: 300,
          seed,
          sigma: 0.05,
          level: 100,
          alpha: 0.2,
          multiplicativeError: true,
          season: {
            period: 12,
            gamma: 0.1,
            multiplicative: true,
            pattern: pattern12.map((v) => 1 + v / 15),
          },
        }),
    ],
  ])('AICc picks %s on data simulated from it', (expected, m, simulate) => {
    const picked = [1, 2, 3, 4, 5].map((seed) => {
      const fit = selectEtsByAicc(Float64Array.from(simulate(seed)), m);
      return fit ? describeEts(fit.spec) : 'none';
    });
    expect(picked.filter((name) => name === expected).length).toBeGreaterThanOrEqual(4);
  });

  it('falls back from a multiplicative season to an additive one on data with zeros', () => {
    const y = repeatPattern([0, 5, 10, 5], 40).map((v, t) => v + (t % 3));
    const result = holtWintersMultiplicative(input(y, [4], 8));
    expect(result.description).toMatch(/ETS\(A,A,A\)/);
    expect(result.point.every(Number.isFinite)).toBe(true);
  });

  it('drops the season on a series shorter than two cycles', () => {
    const result = autoEts(input([3, 4, 5, 4, 3, 4, 5, 6, 5, 6], [12], 4));
    expect(result.description).toMatch(/ETS\(.,.+,N\)/);
    expect(result.point.every(Number.isFinite)).toBe(true);
  });
});
