import { chiSquareCdf, chiSquareSurvival, logGamma, regularizedUpperGamma } from './chi-square';

/** Relative closeness, so values spanning 1e-23 to 1 are compared to the same precision. */
function expectRelativelyClose(actual: number, expected: number, tolerance = 1e-9): void {
  expect(Math.abs(actual - expected) / Math.abs(expected)).toBeLessThan(tolerance);
}

describe('logGamma', () => {
  it.each([
    [1, 0],
    [2, 0],
    [5, Math.log(24)],
    [10, Math.log(362_880)],
    [0.5, Math.log(Math.sqrt(Math.PI))],
    [1.5, Math.log(Math.sqrt(Math.PI) / 2)],
  ])('gives ln Γ(%p) = %p', (z, expected) => {
    expect(logGamma(z)).toBeCloseTo(expected, 12);
  });

  it('stays accurate for large arguments (ln 99!)', () => {
    let log99Factorial = 0;
    for (let k = 2; k <= 99; k += 1) log99Factorial += Math.log(k);

    expectRelativelyClose(logGamma(100), log99Factorial, 1e-13);
  });

  it('refuses z <= 0', () => {
    expect(() => logGamma(0)).toThrow(RangeError);
  });
});

describe('regularizedUpperGamma', () => {
  it('is e^-x for a = 1 on both sides of the series/continued-fraction switch', () => {
    for (const x of [0.1, 1.9, 2.1, 7, 40]) {
      expectRelativelyClose(regularizedUpperGamma(1, x), Math.exp(-x), 1e-12);
    }
  });

  it('is 1 at x = 0', () => {
    expect(regularizedUpperGamma(3, 0)).toBe(1);
  });
});

describe('chi-square distribution', () => {
  // Critical values from statistical tables: P(X > x) for the given degrees of freedom.
  it.each([
    [3.841458820694124, 1, 0.05],
    [6.634896601021214, 1, 0.01],
    [10.827566170662733, 1, 0.001],
    [5.991464547107979, 2, 0.05],
    [13.815510557964274, 2, 0.001],
    [7.814727903251178, 3, 0.05],
    [16.26623619623813, 3, 0.001],
    [18.307038053275146, 10, 0.05],
    [29.58829844507442, 10, 0.001],
    [124.34211340400407, 100, 0.05],
  ])('P(X > %p | df = %p) = %p', (x, df, p) => {
    expectRelativelyClose(chiSquareSurvival(x, df), p, 1e-8);
    expectRelativelyClose(chiSquareCdf(x, df), 1 - p, 1e-8);
  });

  it('matches the closed form erfc(√(x/2)) for one degree of freedom, far into the tail', () => {
    const erfcValues: Array<[number, number]> = [
      [0.5, 0.4795001221869535],
      [1, 0.31731050786291404],
      [30, 4.320463057827492e-8],
      [100, 1.5239706048320995e-23],
    ];
    for (const [x, expected] of erfcValues) {
      expectRelativelyClose(chiSquareSurvival(x, 1), expected, 1e-9);
    }
  });

  it('matches the closed forms for two and four degrees of freedom', () => {
    for (const x of [0.01, 1, 4, 9.5, 50, 200]) {
      expectRelativelyClose(chiSquareSurvival(x, 2), Math.exp(-x / 2), 1e-11);
      expectRelativelyClose(chiSquareSurvival(x, 4), Math.exp(-x / 2) * (1 + x / 2), 1e-11);
    }
  });

  it('has no mass at or below zero', () => {
    expect(chiSquareSurvival(0, 3)).toBe(1);
    expect(chiSquareCdf(0, 3)).toBe(0);
  });

  it('refuses non-positive degrees of freedom and a NaN statistic', () => {
    expect(() => chiSquareSurvival(1, 0)).toThrow(RangeError);
    expect(() => chiSquareSurvival(Number.NaN, 1)).toThrow(RangeError);
  });
});
