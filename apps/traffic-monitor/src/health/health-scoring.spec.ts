import { type HealthObservation, scoreHealth, type ScoringRules } from './health-scoring';

const rules: ScoringRules = {
  criticalDropPct: 80,
  warningDropPct: 50,
  increasePct: 50,
  minDailyVolume: 100,
  highVolumeLevel: 1000,
  valuePerEvent: 0.25,
};

/** A day window against `days` identical baseline days. */
function daily(current: number, baselineDay: number, days = 20): HealthObservation {
  return { current, baseline: Array<number>(days).fill(baselineDay), windowsPerDay: 1 };
}

describe('scoreHealth', () => {
  describe('without a baseline', () => {
    it('reports NO_BASELINE, unscored, when every baseline day is zero', () => {
      const score = scoreHealth(daily(500, 0), rules);

      expect(score).toEqual({
        status: 'NO_BASELINE',
        current: 500,
        baseline: 0,
        baselinePeriods: 0,
        changePct: null,
        z: null,
        eventsDelta: null,
        impact: null,
        highVolume: false,
      });
    });

    it('reports NO_BASELINE when the baseline is empty', () => {
      expect(scoreHealth({ current: 3, baseline: [], windowsPerDay: 1 }, rules).status).toBe(
        'NO_BASELINE',
      );
    });

    it('still tells a new high-volume event apart', () => {
      expect(scoreHealth(daily(5000, 0), rules).highVolume).toBe(true);
    });
  });

  describe('baseline periods', () => {
    it('averages only the days since the event was first seen', () => {
      const score = scoreHealth(
        { current: 1000, baseline: [0, 0, 0, 0, 900, 1100, 1000], windowsPerDay: 1 },
        rules,
      );

      expect(score).toMatchObject({ baseline: 1000, baselinePeriods: 3, status: 'NORMAL' });
    });

    it('keeps zero days after the first sighting: they are real outages', () => {
      const score = scoreHealth({ current: 500, baseline: [1000, 0], windowsPerDay: 1 }, rules);

      expect(score).toMatchObject({ baseline: 500, baselinePeriods: 2, changePct: 0 });
    });
  });

  describe('low volume', () => {
    it('reports LOW_VOLUME with change and z, but no status or impact, under the minimum', () => {
      const score = scoreHealth(daily(10, 60), rules);

      expect(score).toMatchObject({
        status: 'LOW_VOLUME',
        baseline: 60,
        changePct: -83.33,
        eventsDelta: null,
        impact: null,
      });
      expect(score.z).toBeLessThan(0);
    });

    it('scores an event whose expected volume is exactly the minimum', () => {
      expect(scoreHealth(daily(100, 100), rules).status).toBe('NORMAL');
      expect(scoreHealth(daily(99, 99), rules).status).toBe('LOW_VOLUME');
    });

    it('scores a small event whose current count rose above the minimum', () => {
      expect(scoreHealth(daily(150, 60), rules).status).toBe('INCREASED');
    });

    it('scales an intraday window to a day before comparing with the minimum', () => {
      const sixHours = { current: 30, baseline: [30, 30, 30, 30], windowsPerDay: 4 };

      expect(scoreHealth(sixHours, rules).status).toBe('NORMAL');
      expect(scoreHealth({ ...sixHours, windowsPerDay: 3 }, rules).status).toBe('LOW_VOLUME');
    });

    it('scores everything when the minimum is 0', () => {
      expect(scoreHealth(daily(0, 1), { ...rules, minDailyVolume: 0 }).status).toBe('CRITICAL');
    });
  });

  describe('thresholds', () => {
    it.each([
      [0, 'CRITICAL'],
      [199, 'CRITICAL'],
      [200, 'CRITICAL'], // exactly an 80% drop
      [201, 'WARNING'],
      [500, 'WARNING'], // exactly a 50% drop
      [501, 'NORMAL'],
      [1000, 'NORMAL'],
      [1499, 'NORMAL'],
      [1500, 'INCREASED'], // exactly a 50% rise
      [4000, 'INCREASED'],
    ])('judges %p against a baseline of 1000 as %s', (current, status) => {
      expect(scoreHealth(daily(current, 1000), rules).status).toBe(status);
    });

    it('is exact at the threshold where floating-point division is not', () => {
      // (710 − 1000) / 1000 × 100 is −28.999999999999996 in floating point: a naive
      // comparison would call this exact 29% drop less than 29%.
      expect(-((710 - 1000) / 1000) * 100).toBeLessThan(29);
      const critical29 = { ...rules, criticalDropPct: 29, warningDropPct: 10 };

      const score = scoreHealth(daily(710, 1000), critical29);

      expect(score).toMatchObject({ status: 'CRITICAL', changePct: -29 });
    });

    it('is exact at the threshold with an uneven baseline mean', () => {
      // mean 100/3: a 70% drop leaves exactly 10 (10 · 3 · 100 = 30 · 100).
      const observation = { current: 10, baseline: [33, 33, 34], windowsPerDay: 1 };
      const lenient = { ...rules, minDailyVolume: 0, criticalDropPct: 70 };

      expect(scoreHealth(observation, lenient).status).toBe('CRITICAL');
      expect(scoreHealth({ ...observation, current: 11 }, lenient).status).toBe('WARNING');
    });

    it('applies the rules it is given, not defaults', () => {
      const strict = { ...rules, criticalDropPct: 30, warningDropPct: 10 };

      expect(scoreHealth(daily(700, 1000), strict).status).toBe('CRITICAL');
      expect(scoreHealth(daily(900, 1000), strict).status).toBe('WARNING');
    });
  });

  describe('z-score', () => {
    it('uses the sample standard deviation of the baseline days', () => {
      const score = scoreHealth(
        { current: 1000, baseline: [900, 1100, 900, 1100], windowsPerDay: 1 },
        rules,
      );
      // std (n − 1) = √(4 · 100² / 3) ≈ 115.47
      expect(score.z).toBe(0);
      const dropped = scoreHealth(
        { current: 700, baseline: [900, 1100, 900, 1100], windowsPerDay: 1 },
        rules,
      );
      expect(dropped.z).toBeCloseTo(-300 / Math.sqrt(40_000 / 3), 2);
    });

    it('stays finite on a flat baseline (std 0), using √mean as the least noise', () => {
      const score = scoreHealth(daily(800, 1600), rules);

      expect(score.z).toBe(-20); // (800 − 1600) / 40
      expect(Number.isFinite(score.z)).toBe(true);
    });

    it('stays finite with a single baseline day', () => {
      const score = scoreHealth({ current: 0, baseline: [400], windowsPerDay: 1 }, rules);

      expect(score.z).toBe(-20);
    });
  });

  describe('business impact', () => {
    it('counts lost events at the value per event', () => {
      expect(scoreHealth(daily(400, 1000), rules)).toMatchObject({
        eventsDelta: -600,
        impact: -150,
      });
    });

    it('counts gained events positively', () => {
      expect(scoreHealth(daily(1200, 1000), rules)).toMatchObject({
        eventsDelta: 200,
        impact: 50,
      });
    });

    it('is zero, not negative zero, when nothing changed', () => {
      expect(Object.is(scoreHealth(daily(1000, 1000), rules).impact, 0)).toBe(true);
    });
  });

  it('flags high volume from the expected or the current daily count', () => {
    expect(scoreHealth(daily(10, 1000), rules).highVolume).toBe(true);
    expect(scoreHealth(daily(999, 999), rules).highVolume).toBe(false);
  });
});
