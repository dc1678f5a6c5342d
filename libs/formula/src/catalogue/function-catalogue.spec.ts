import { compileFormula } from '../compile-formula';
import { FORMULA_EXAMPLES } from './formula-examples';
import { findFunction, FORMULA_FUNCTIONS, FUNCTION_ALIASES } from './function-catalogue';

describe('function catalogue', () => {
  it('has every function the issue asks for', () => {
    const required = [
      'count',
      'sum',
      'average',
      'median',
      'percentile',
      'standard_deviation',
      'min',
      'max',
      'moving_average',
      'cumulative_sum',
      'counter_rate',
      'overall_average',
      'overall_sum',
      'overall_min',
      'overall_max',
      'abs',
      'sqrt',
      'log',
      'pow',
      'round',
      'clamp',
      'eq',
      'gt',
      'gte',
      'lt',
      'lte',
      'ifelse',
    ];
    for (const name of required) expect(findFunction(name)).toBeDefined();
  });

  it('gives every function a signature, a description and an example that compiles', () => {
    for (const fn of FORMULA_FUNCTIONS) {
      expect(fn.signature.startsWith(`${fn.name}(`)).toBe(true);
      expect(fn.description.length).toBeGreaterThan(10);
      expect([fn.name, compileFormula(fn.example).ok]).toEqual([fn.name, true]);
      expect(fn.example).toContain(`${fn.name}(`);
    }
  });

  it('writes signatures with optional and named-only parameters marked', () => {
    expect(findFunction('moving_average')?.signature).toBe('moving_average(value, window)');
    expect(findFunction('round')?.signature).toBe('round(value, decimals?)');
    expect(findFunction('percentile')?.signature).toBe(
      'percentile(p, eventId?, experiment=?, variant=?, host=?, region=?, shift=?)',
    );
  });

  it('points every alias at a real function', () => {
    for (const target of Object.values(FUNCTION_ALIASES))
      expect(findFunction(target)).toBeDefined();
  });

  it('has worked examples that all compile', () => {
    expect(FORMULA_EXAMPLES.length).toBeGreaterThanOrEqual(10);
    for (const example of FORMULA_EXAMPLES) {
      expect([example.title, compileFormula(example.formula).ok]).toEqual([example.title, true]);
    }
  });
});
