import { testSampleRatio } from './sample-ratio';

const split = (...observed: number[]) =>
  observed.map((count, index) => ({ variant: `v${index}`, weight: 1, observed: count }));

describe('testSampleRatio', () => {
  it('finds no mismatch in an exact 50/50 split', () => {
    const result = testSampleRatio(split(5000, 5000));

    expect(result).toMatchObject({ chiSquare: 0, degreesOfFreedom: 1, pValue: 1, mismatch: false });
  });

  it('flags 5,200 against 4,800 on equal weights (χ² = 16, p ≈ 6e-5)', () => {
    const result = testSampleRatio(split(5200, 4800));

    expect(result?.chiSquare).toBeCloseTo(16, 10);
    expect(result?.pValue).toBeCloseTo(6.334e-5, 7);
    expect(result?.mismatch).toBe(true);
  });

  it('lets 5,100 against 4,900 pass: p ≈ 0.046 is not below 0.001', () => {
    const result = testSampleRatio(split(5100, 4900));

    expect(result?.pValue).toBeCloseTo(0.0455, 4);
    expect(result?.mismatch).toBe(false);
  });

  it('judges against relative weights, not an equal split', () => {
    const allocations = [
      { variant: 'control', weight: 90, observed: 9000 },
      { variant: 'treatment', weight: 10, observed: 1000 },
    ];

    expect(testSampleRatio(allocations)).toMatchObject({
      expected: [9000, 1000],
      chiSquare: 0,
      mismatch: false,
    });
    expect(testSampleRatio(allocations.map((a) => ({ ...a, observed: 5000 })))?.mismatch).toBe(
      true,
    );
  });

  it('uses k − 1 degrees of freedom for three variants', () => {
    const result = testSampleRatio(split(1000, 1000, 1150));

    expect(result?.degreesOfFreedom).toBe(2);
    // χ² = (50² + 50² + 100²) / 1050 ≈ 14.29; with 2 df, p = e^(−χ²/2) ≈ 7.9e-4.
    expect(result?.chiSquare).toBeCloseTo(15000 / 1050, 10);
    expect(result?.pValue).toBeCloseTo(Math.exp(-15000 / 2100), 12);
    expect(result?.mismatch).toBe(true);
  });

  it('flags a variant that got no impressions at all', () => {
    expect(testSampleRatio(split(1000, 0))?.mismatch).toBe(true);
  });

  it('does not call a mismatch on too few impressions to trust the test', () => {
    const result = testSampleRatio(split(8, 0));

    expect(result?.pValue).toBeLessThan(0.01);
    expect(result).toMatchObject({ reliable: false, mismatch: false });
  });

  it('has nothing to judge with one variant or no impressions', () => {
    expect(testSampleRatio(split(100))).toBeUndefined();
    expect(testSampleRatio(split(0, 0))).toBeUndefined();
  });
});
