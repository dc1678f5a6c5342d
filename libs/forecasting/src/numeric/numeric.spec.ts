import { autocorrelations, linearTrend, quantile } from './descriptive';
import { levenbergMarquardt } from './levenberg-marquardt';
import { leastSquares, solveLinear } from './linear-solve';
import { nelderMead } from './nelder-mead';
import { intervalMultiplier, normalQuantile } from './normal-quantile';
import { seededRandom } from './seeded-random';

describe('nelderMead', () => {
  it('finds the minimum of the Rosenbrock valley', () => {
    const rosenbrock = ([x, y]: readonly number[]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    const { x } = nelderMead(rosenbrock, [-1.2, 1], { maxEvaluations: 5000, tolerance: 1e-14 });
    expect(x[0]).toBeCloseTo(1, 3);
    expect(x[1]).toBeCloseTo(1, 3);
  });

  it('stays inside a region where the objective is finite', () => {
    const walled = ([x]: readonly number[]) => (x < 0.5 ? Infinity : (x - 0.2) ** 2);
    const { x, value } = nelderMead(walled, [2], { step: 0.5 });
    expect(x[0]).toBeGreaterThanOrEqual(0.5);
    expect(x[0]).toBeCloseTo(0.5, 3);
    expect(Number.isFinite(value)).toBe(true);
  });
});

describe('levenbergMarquardt', () => {
  it('fits an exponential decay', () => {
    const t = Array.from({ length: 30 }, (_, i) => i / 3);
    const data = t.map((ti) => 5 * Math.exp(-0.7 * ti));
    const residuals = ([a, k]: readonly number[], out: Float64Array) => {
      let sse = 0;
      t.forEach((ti, i) => {
        out[i] = data[i] - a * Math.exp(-k * ti);
        sse += out[i] ** 2;
      });
      return sse;
    };
    const { x } = levenbergMarquardt(residuals, [1, 0.1], t.length);
    expect(x[0]).toBeCloseTo(5, 5);
    expect(x[1]).toBeCloseTo(0.7, 5);
  });
});

describe('linear algebra', () => {
  it('solves a system and refuses a singular one', () => {
    expect(
      solveLinear(
        [
          [2, 1],
          [1, 3],
        ],
        [3, 5],
      ),
    ).toEqual([expect.closeTo(0.8, 10), expect.closeTo(1.4, 10)]);
    expect(
      solveLinear(
        [
          [1, 2],
          [2, 4],
        ],
        [1, 2],
      ),
    ).toBeUndefined();
  });

  it('recovers regression coefficients', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = x.map((xi) => 3 + 2 * xi);
    const coefficients = leastSquares([x.map(() => 1), x], y);
    expect(coefficients?.[0]).toBeCloseTo(3, 8);
    expect(coefficients?.[1]).toBeCloseTo(2, 8);
  });
});

describe('normalQuantile', () => {
  it('matches tabulated quantiles and is symmetric', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.9)).toBeCloseTo(1.281552, 5);
    expect(normalQuantile(0.001)).toBeCloseTo(-3.090232, 5);
    expect(normalQuantile(0.3)).toBeCloseTo(-normalQuantile(0.7), 10);
    expect(intervalMultiplier(80)).toBeCloseTo(1.281552, 5);
  });

  it('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(RangeError);
  });
});

describe('descriptive statistics', () => {
  it('computes quantiles as R type 7', () => {
    expect(quantile([4, 1, 3, 2], 0.25)).toBeCloseTo(1.75, 12);
  });

  it('finds the line through a trend', () => {
    expect(linearTrend([1, 3, 5, 7])).toEqual({ intercept: 1, slope: 2 });
  });

  it('gives zero autocorrelations for a constant series instead of NaN', () => {
    expect(autocorrelations([2, 2, 2, 2], 2)).toEqual([0, 0]);
  });
});

describe('seededRandom', () => {
  it('repeats its sequence for a seed and produces standard normals', () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = Array.from({ length: 20000 }, () => a.normal());
    expect(Array.from({ length: 3 }, () => b.normal())).toEqual(draws.slice(0, 3));
    const mean = draws.reduce((s, v) => s + v, 0) / draws.length;
    const sd = Math.sqrt(draws.reduce((s, v) => s + (v - mean) ** 2, 0) / draws.length);
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(sd).toBeCloseTo(1, 1);
  });
});
