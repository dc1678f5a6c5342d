import { seededRandom } from '../../numeric/seeded-random';
import { repeatPattern, simulateAr1 } from '../../testing/simulate';
import { arima } from './arima-model';
import { ArimaOrder, fitArima } from './arima-fit';
import { forecastArima } from './arima-forecast';
import { autoArima } from './auto-arima';
import {
  smallestRootModulus,
  stationaryFromUnconstrained,
  unconstrainedFromStationary,
} from './polynomials';
import { regularDifferences, seasonalDifferences } from './unit-root-tests';

const order = (overrides: Partial<ArimaOrder>): ArimaOrder => ({
  p: 0,
  d: 0,
  q: 0,
  P: 0,
  D: 0,
  Q: 0,
  m: 1,
  constant: false,
  ...overrides,
});

const randomWalk = (n: number, seed: number): number[] => {
  const random = seededRandom(seed);
  let x = 0;
  return Array.from({ length: n }, () => (x += random.normal()));
};

describe('ARIMA', () => {
  it('recovers the coefficient and mean of a simulated AR(1)', () => {
    const y = simulateAr1(600, 0.7, 21, 50);
    const fit = fitArima(y, order({ p: 1, constant: true }));
    expect(fit).toBeDefined();
    expect(-(fit?.ar[1] ?? 0)).toBeCloseTo(0.7, 1);
    expect(fit?.mean).toBeCloseTo(50, 0);
    expect(fit?.sigma2).toBeCloseTo(1, 0);
  });

  it('forecasts an AR(1) decaying geometrically to its mean', () => {
    const y = simulateAr1(400, 0.6, 22, 10);
    const fit = fitArima(y, order({ p: 1, constant: true }));
    if (!fit) throw new Error('no fit');
    const { point } = forecastArima(y, fit, 3);
    const phi = -fit.ar[1];
    const last = y[y.length - 1] - fit.mean;
    point.forEach((value, h) => expect(value).toBeCloseTo(fit.mean + last * phi ** (h + 1), 8));
  });

  it('gives a random walk the variance h sigma^2', () => {
    const y = randomWalk(300, 23);
    const fit = fitArima(y, order({ d: 1 }));
    if (!fit) throw new Error('no fit');
    const { point, sd } = forecastArima(y, fit, 4);
    expect(point).toEqual(new Array(4).fill(y[y.length - 1]));
    sd.forEach((value, h) => expect(value ** 2).toBeCloseTo(fit.sigma2 * (h + 1), 8));
  });

  it('differences random walks once and white noise, bar the 5% false alarms, not at all', () => {
    const seeds = [30, 31, 32, 33, 34, 35, 36, 37, 38, 39];
    expect(seeds.map((seed) => regularDifferences(randomWalk(300, seed)))).toEqual(
      seeds.map(() => 1),
    );
    const noiseDifferenced = seeds.filter(
      (seed) => regularDifferences(simulateAr1(300, 0, seed)) > 0,
    );
    expect(noiseDifferenced.length).toBeLessThanOrEqual(2);
  });

  it('differences a strongly seasonal series seasonally', () => {
    const random = seededRandom(26);
    const y = repeatPattern([0, 10, 20, 10], 80).map((v) => v + random.normal());
    expect(seasonalDifferences(y, 4)).toBe(1);
    expect(seasonalDifferences(simulateAr1(80, 0.3, 27), 4)).toBe(0);
  });

  it('selects a model whose forecast of an AR(1) is close to the true conditional mean', () => {
    const y = simulateAr1(400, 0.8, 28, 100);
    const fit = autoArima(y, 1);
    if (!fit) throw new Error('no fit');
    const { point } = forecastArima(y, fit, 1);
    const truth = 100 + 0.8 * (y[y.length - 1] - 100);
    expect(Math.abs(point[0] - truth)).toBeLessThan(0.5);
  });

  it('forecasts a pure seasonal series by its pattern with widening intervals', () => {
    const random = seededRandom(29);
    const pattern = [5, 9, 14, 9, 5, 2];
    const y = repeatPattern(pattern, 120).map((v) => v + 0.1 * random.normal());
    const result = arima({ y: Float64Array.from(y), horizon: 12, periods: [6], levels: [95] });
    result.point.forEach((value, h) => expect(value).toBeCloseTo(pattern[h % 6], 0));
    const interval = result.intervals.get(95);
    if (!interval) throw new Error('no interval');
    expect(interval.hi[11] - interval.lo[11]).toBeGreaterThan(interval.hi[0] - interval.lo[0]);
  });
});

describe('ARIMA polynomials', () => {
  it('maps any values to a stationary AR polynomial and back', () => {
    const raw = [0.4, -1.2, 2.5];
    const phi = stationaryFromUnconstrained(raw);
    expect(smallestRootModulus([1, ...phi.map((c) => -c)])).toBeGreaterThan(1);
    unconstrainedFromStationary(phi).forEach((value, i) => expect(value).toBeCloseTo(raw[i], 8));
  });

  it('finds the smallest root modulus', () => {
    // (1 - 0.5z)(1 - 0.25z) = 1 - 0.75z + 0.125z^2: roots 2 and 4
    expect(smallestRootModulus([1, -0.75, 0.125])).toBeCloseTo(2, 8);
  });
});
