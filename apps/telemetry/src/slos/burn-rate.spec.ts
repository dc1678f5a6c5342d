import type { BurnRateWindow } from '@vantage/contracts';
import { allowedBadShare, burnRateOf, errorBudgetOf, firingRules, sliOf } from './burn-rate';

const rates = (
  overrides: Partial<Record<BurnRateWindow, number | null>>,
): Record<BurnRateWindow, number | null> => ({
  '5m': 0,
  '30m': 0,
  '1h': 0,
  '6h': 0,
  '3d': 0,
  ...overrides,
});

describe('error budget arithmetic', () => {
  it('allows 1 - target as the bad share', () => {
    expect(allowedBadShare(0.999)).toBe(0.001);
    expect(allowedBadShare(0.99999)).toBe(0.00001);
    expect(allowedBadShare(0.9)).toBe(0.1);
  });

  it('computes the SLI as the good share, null without events', () => {
    expect(sliOf(5, 10_000)).toBe(0.9995);
    expect(sliOf(0, 0)).toBeNull();
  });

  it('spends half the budget when the bad share is half the allowed share', () => {
    expect(errorBudgetOf(0.999, 5, 10_000)).toEqual({
      allowed: 0.001,
      consumed: 0.5,
      remaining: 0.5,
    });
  });

  it('reports an overspent budget as negative remaining', () => {
    expect(errorBudgetOf(0.99, 300, 10_000)).toEqual({
      allowed: 0.01,
      consumed: 3,
      remaining: -2,
    });
  });

  it('has no budget figures without events', () => {
    expect(errorBudgetOf(0.999, 0, 0)).toBeNull();
  });
});

describe('burn rate', () => {
  it('is the error rate over the allowed share', () => {
    expect(burnRateOf(0.999, 1, 1000)).toBe(1);
    expect(burnRateOf(0.999, 144, 10_000)).toBe(14.4);
    expect(burnRateOf(0.99, 6, 100)).toBe(6);
  });

  it('is null for a window without events, and caps bad at total', () => {
    expect(burnRateOf(0.999, 0, 0)).toBeNull();
    expect(burnRateOf(0.9, 20, 10)).toBe(10);
  });
});

describe('multiwindow burn-rate rules', () => {
  it('pages fast when both 1h and 5m burn over 14.4', () => {
    expect(firingRules(rates({ '1h': 14.5, '5m': 20 })).map((rule) => rule.rule)).toEqual([
      'fast-page',
    ]);
  });

  it('needs both windows: a long burn that has stopped does not page', () => {
    expect(firingRules(rates({ '1h': 20, '5m': 0.5 }))).toEqual([]);
    expect(firingRules(rates({ '1h': 2, '5m': 50 }))).toEqual([]);
  });

  it('fires strictly over the threshold, not at it', () => {
    expect(firingRules(rates({ '1h': 14.4, '5m': 14.4 }))).toEqual([]);
    expect(firingRules(rates({ '6h': 6, '30m': 6.1 }))).toEqual([]);
    expect(firingRules(rates({ '3d': 1, '6h': 1.01 }))).toEqual([]);
  });

  it('pages slowly on 6h and 30m over 6 and tickets on 3d and 6h over 1', () => {
    const firing = firingRules(rates({ '6h': 6.5, '30m': 7, '3d': 1.2 }));
    expect(firing).toEqual([
      expect.objectContaining({ rule: 'slow-page', severity: 'page', longBurnRate: 6.5 }),
      expect.objectContaining({ rule: 'ticket', severity: 'ticket', shortBurnRate: 6.5 }),
    ]);
  });

  it('fires nothing for a window without data', () => {
    expect(firingRules(rates({ '1h': null, '5m': 100 }))).toEqual([]);
  });
});
