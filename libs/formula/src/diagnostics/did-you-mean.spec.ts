import { closestMatch, editDistance } from './did-you-mean';

describe('editDistance', () => {
  it('counts insertions, deletions, substitutions and swaps of neighbours as one edit each', () => {
    expect(editDistance('count', 'count')).toBe(0);
    expect(editDistance('cout', 'count')).toBe(1);
    expect(editDistance('counnt', 'count')).toBe(1);
    expect(editDistance('cpunt', 'count')).toBe(1);
    expect(editDistance('cuont', 'count')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('closestMatch', () => {
  const names = [
    'count',
    'sum',
    'average',
    'standard_deviation',
    'moving_average',
    'max',
    'min',
  ] as const;

  it('finds the intended name within a third of its length', () => {
    expect(closestMatch('cout', names)).toBe('count');
    expect(closestMatch('standard_devation', names)).toBe('standard_deviation');
    expect(closestMatch('moving_avergae', names)).toBe('moving_average');
  });

  it('matches a case-only difference whatever the length', () => {
    expect(closestMatch('MAX', names)).toBe('max');
  });

  it('suggests nothing for a word that is not close to any name', () => {
    expect(closestMatch('x', names)).toBeUndefined();
    expect(closestMatch('frobnicate', names)).toBeUndefined();
  });

  it('prefers the nearer of two candidates', () => {
    expect(closestMatch('maxx', names)).toBe('max');
    expect(closestMatch('avrage', names)).toBe('average');
  });
});
