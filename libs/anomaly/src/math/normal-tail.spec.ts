import {
  heavyTailSurprise,
  surpriseToScore,
  twoSidedSurprise,
  upperTailSurprise,
} from './normal-tail';

describe('tail surprises', () => {
  it('reads the normal tails in decades of probability', () => {
    expect(twoSidedSurprise(1.959964)).toBeCloseTo(-Math.log10(0.05), 5);
    expect(upperTailSurprise(3.090232)).toBeCloseTo(3, 4);
    expect(twoSidedSurprise(-1.959964)).toBeCloseTo(twoSidedSurprise(1.959964), 12);
  });

  it('stays finite and increasing far into the tail', () => {
    // P(Z > 10) = 7.62e-24, P(Z > 40) is about 10^-349: below any double.
    expect(upperTailSurprise(10)).toBeCloseTo(23.118, 2);
    expect(upperTailSurprise(40)).toBeGreaterThan(upperTailSurprise(30));
    expect(Number.isFinite(upperTailSurprise(40))).toBe(true);
  });

  it("reads Student's t with 4 degrees of freedom", () => {
    // t(0.975, 4) = 2.776445, t(0.995, 4) = 4.604095
    expect(heavyTailSurprise(2.776445)).toBeCloseTo(-Math.log10(0.05), 4);
    expect(heavyTailSurprise(4.604095)).toBeCloseTo(-Math.log10(0.01), 4);
    expect(heavyTailSurprise(0)).toBe(0);
    expect(heavyTailSurprise(Number.POSITIVE_INFINITY)).toBeGreaterThan(heavyTailSurprise(1e6));
  });

  it('maps surprises to scores in [0, 1) that keep their order', () => {
    expect(surpriseToScore(0)).toBe(0);
    expect(surpriseToScore(-3)).toBe(0);
    expect(surpriseToScore(2.5)).toBeCloseTo(0.5, 12);
    expect(surpriseToScore(5)).toBeCloseTo(0.75, 12);
    expect(surpriseToScore(40)).toBeLessThan(1);
    expect(surpriseToScore(40)).toBeGreaterThan(surpriseToScore(30));
  });
});
