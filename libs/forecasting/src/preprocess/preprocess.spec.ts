import { seededRandom } from '../numeric/seeded-random';
import { repeatPattern } from '../testing/simulate';
import { cleanOutliers } from './clean-outliers';
import { fillMissing, interpolateLinearly } from './fill-missing';

const pattern = Array.from({ length: 12 }, (_, i) => 20 + 10 * Math.sin((2 * Math.PI * i) / 12));

describe('fillMissing', () => {
  it('interpolates linearly and holds the ends', () => {
    expect(
      Array.from(interpolateLinearly([Number.NaN, 1, Number.NaN, Number.NaN, 4, Number.NaN])),
    ).toEqual([1, 1, 2, 3, 4, 4]);
  });

  it('fills a gap in a seasonal series with the season, not a straight line', () => {
    const y = repeatPattern(pattern, 120);
    const gappy = y.map((value, t) => (t >= 50 && t < 60 ? Number.NaN : value));
    const filled = fillMissing(gappy, 12);
    for (let t = 50; t < 60; t++) expect(filled[t]).toBeCloseTo(y[t], 0);
  });
});

describe('cleanOutliers', () => {
  it('replaces a spike by a value that fits the season', () => {
    const random = seededRandom(61);
    const y = Float64Array.from(repeatPattern(pattern, 120), (v) => v + 0.3 * random.normal());
    const original = y[40];
    y[40] = 500;
    const { values, replaced } = cleanOutliers(y, [12]);
    expect(replaced).toBe(1);
    expect(values[40]).toBeCloseTo(original, 0);
  });

  it('leaves the last cycle alone, where a new level may be starting', () => {
    const y = Float64Array.from(repeatPattern(pattern, 120));
    y[117] = 500;
    expect(cleanOutliers(y, [12]).values[117]).toBe(500);
  });
});
