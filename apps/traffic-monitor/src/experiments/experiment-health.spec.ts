import { assessExperiment, type ExperimentRules, type VariantCounts } from './experiment-health';

const rules: ExperimentRules = {
  key: 'feed-ranking-v2',
  variants: [
    { name: 'control', weight: 50 },
    { name: 'treatment', weight: 50 },
  ],
  controlVariant: 'control',
  minCtrPct: 1,
  maxErrorRatePct: 10,
};

const window = { from: new Date('2026-11-13T00:00Z'), to: new Date('2026-11-20T00:00Z') };
const counts = (entries: Record<string, number>) => new Map(Object.entries(entries));

describe('assessExperiment', () => {
  it('is HEALTHY on an even split with good CTR and errors', () => {
    const health = assessExperiment(
      rules,
      {
        impressions: counts({ control: 5000, treatment: 5010 }),
        clicks: counts({ control: 250, treatment: 300 }),
        errors: counts({ control: 10, treatment: 20 }),
      },
      window,
    );

    expect(health).toMatchObject({
      key: 'feed-ranking-v2',
      from: '2026-11-13T00:00:00.000Z',
      status: 'HEALTHY',
      flags: [],
      totalImpressions: 10010,
      sampleRatio: { degreesOfFreedom: 1, mismatch: false },
    });
    expect(health.variants[0]).toMatchObject({
      variant: 'control',
      control: true,
      expectedShare: 0.5,
      share: 0.4995,
      clicks: 250,
      ctr: 0.05,
      ctrLiftPct: 0,
      errorRate: 0.002,
      errorRateDeltaPts: 0,
      flags: [],
    });
    expect(health.variants[1]).toMatchObject({
      variant: 'treatment',
      control: false,
      ctrLiftPct: 19.76,
      errorRateDeltaPts: 0.1992,
    });
  });

  it('flags a sample-ratio mismatch on a 55/45 split of 10,000', () => {
    const health = assessExperiment(
      rules,
      { impressions: counts({ control: 5500, treatment: 4500 }) },
      window,
    );

    expect(health.status).toBe('UNHEALTHY');
    expect(health.flags).toEqual(['SAMPLE_RATIO_MISMATCH']);
    expect(health.sampleRatio?.chiSquare).toBe(100);
    expect(health.sampleRatio?.pValue).toBeLessThan(1e-20);
  });

  it('flags a variant without impressions, and the mismatch it causes', () => {
    const health = assessExperiment(rules, { impressions: counts({ control: 900 }) }, window);

    expect(health.flags).toEqual(['SAMPLE_RATIO_MISMATCH', 'NO_IMPRESSIONS']);
    expect(health.variants[1]).toMatchObject({
      impressions: 0,
      share: 0,
      flags: ['NO_IMPRESSIONS'],
    });
  });

  it('has no test and flags every variant when nothing was seen', () => {
    const health = assessExperiment(rules, { impressions: counts({}) }, window);

    expect(health.sampleRatio).toBeNull();
    expect(health.flags).toEqual(['NO_IMPRESSIONS']);
  });

  it('flags CTR under 1% and error rates over 10% only where those events are configured', () => {
    const measured: VariantCounts = {
      impressions: counts({ control: 1000, treatment: 1000 }),
      clicks: counts({ control: 10, treatment: 9 }),
      errors: counts({ control: 100, treatment: 101 }),
    };

    const health = assessExperiment(rules, measured, window);
    const unmeasured = assessExperiment(rules, { impressions: measured.impressions }, window);

    expect(health.variants.map((variant) => variant.flags)).toEqual([
      [],
      ['LOW_CTR', 'HIGH_ERROR_RATE'],
    ]);
    expect(health.flags).toEqual(['LOW_CTR', 'HIGH_ERROR_RATE']);
    expect(unmeasured.status).toBe('HEALTHY');
    expect(unmeasured.variants[1]).toMatchObject({ clicks: null, ctr: null, errors: null });
  });

  it('judges against the configured weights', () => {
    const uneven = {
      ...rules,
      variants: [
        { name: 'control', weight: 50 },
        { name: 'treatment', weight: 10 },
      ],
    };

    const health = assessExperiment(
      uneven,
      { impressions: counts({ control: 8333, treatment: 1667 }) },
      window,
    );

    expect(health.flags).toEqual([]);
    expect(health.variants[1]?.expectedShare).toBe(0.166667);
  });

  it('lists variant values that are not configured and keeps them out of the test', () => {
    const health = assessExperiment(
      rules,
      { impressions: counts({ control: 500, treatment: 500, 'treatment-old': 40 }) },
      window,
    );

    expect(health.totalImpressions).toBe(1000);
    expect(health.sampleRatio?.chiSquare).toBe(0);
    expect(health.unconfiguredVariants).toEqual([{ variant: 'treatment-old', impressions: 40 }]);
    expect(health.flags).toEqual(['UNCONFIGURED_VARIANTS']);
  });
});
