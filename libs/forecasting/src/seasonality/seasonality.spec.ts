import { seededRandom } from '../numeric/seeded-random';
import { hourlyWithWeek, repeatPattern } from '../testing/simulate';
import { classicalDecomposition } from './classical-decomposition';
import { detectSeasonalPeriods } from './detect-periods';
import { mstl, seasonalStrength } from './mstl';
import { isSeasonalByAcfTest } from './seasonality-test';
import { stl } from './stl';

const noise = (n: number, seed: number): number[] => {
  const random = seededRandom(seed);
  return Array.from({ length: n }, () => random.normal());
};

describe('detectSeasonalPeriods', () => {
  it('finds a daily cycle in hourly data', () => {
    expect(
      detectSeasonalPeriods(hourlyWithWeek({ days: 30, seed: 1, noise: 3, weekly: false })),
    ).toEqual([24]);
  });

  it('finds the day and the week when weekends differ', () => {
    const y = hourlyWithWeek({ days: 35, seed: 2, noise: 3, weekly: true });
    expect(detectSeasonalPeriods(y)).toEqual([24, 168]);
    expect(detectSeasonalPeriods(y, { primary: 24 })).toEqual([24, 168]);
  });

  it('finds no season in white noise or a trend', () => {
    expect(detectSeasonalPeriods(noise(500, 3))).toEqual([]);
    expect(
      detectSeasonalPeriods(Array.from({ length: 200 }, (_, t) => t + noise(1, t)[0])),
    ).toEqual([]);
  });

  it('keeps a given period on a series too short to search', () => {
    expect(detectSeasonalPeriods([1, 2, 3], { primary: 24 })).toEqual([24]);
  });
});

describe('isSeasonalByAcfTest (the M4 90% test)', () => {
  it('accepts a seasonal series and rejects noise', () => {
    const seasonal = repeatPattern([1, 5, 9, 5], 48).map((v, t) => v + 0.1 * noise(48, 4)[t]);
    expect(isSeasonalByAcfTest(seasonal, 4)).toBe(true);
    expect(isSeasonalByAcfTest(noise(100, 5), 4)).toBe(false);
  });

  it('needs three full cycles', () => {
    expect(isSeasonalByAcfTest(repeatPattern([1, 5, 9, 5], 11), 4)).toBe(false);
  });
});

describe('classicalDecomposition', () => {
  it('recovers multiplicative indices of a seasonal series around a flat level', () => {
    const figure = [0.5, 1, 1.5, 1];
    const y = repeatPattern(
      figure.map((f) => 100 * f),
      40,
    );
    const result = classicalDecomposition(y, 4, 'multiplicative');
    result.figure.forEach((value, i) => expect(value).toBeCloseTo(figure[i], 10));
  });
});

describe('stl and mstl', () => {
  it('separates a trend from a fixed seasonal pattern', () => {
    const pattern = [3, -1, -4, 2, 0, 0];
    const y = Array.from({ length: 120 }, (_, t) => 0.5 * t + pattern[t % 6]);
    const { seasonal, trend, remainder } = stl(y, 6, { seasonalWindow: 'periodic' });
    for (let t = 12; t < 108; t++) {
      expect(seasonal[t]).toBeCloseTo(pattern[t % 6], 1);
      expect(trend[t]).toBeCloseTo(0.5 * t, 1);
    }
    expect(Math.max(...remainder.map(Math.abs))).toBeLessThan(0.5);
  });

  it('gives both a daily and a weekly component a strong seasonal strength', () => {
    const y = hourlyWithWeek({ days: 35, seed: 6, noise: 2, weekly: true });
    const decomposition = mstl(y, [24, 168]);
    expect(decomposition.periods).toEqual([24, 168]);
    for (const component of decomposition.seasonals) {
      expect(seasonalStrength(component, decomposition.remainder)).toBeGreaterThan(0.6);
    }
  });

  it('skips periods without two full cycles', () => {
    expect(mstl(noise(100, 7), [24, 168]).periods).toEqual([24]);
  });
});
