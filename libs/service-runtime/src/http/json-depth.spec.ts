import { exceedsJsonDepth } from './json-depth';

const nestedArrays = (depth: number): unknown => JSON.parse('['.repeat(depth) + ']'.repeat(depth));

describe('exceedsJsonDepth', () => {
  it('accepts flat values and documents up to the limit', () => {
    expect(exceedsJsonDepth(null)).toBe(false);
    expect(exceedsJsonDepth('text')).toBe(false);
    expect(exceedsJsonDepth({ a: { b: [1, 2, { c: 3 }] } })).toBe(false);
    expect(exceedsJsonDepth(nestedArrays(4), 4)).toBe(false);
  });

  it('refuses one level more than the limit, in objects and arrays alike', () => {
    expect(exceedsJsonDepth(nestedArrays(5), 4)).toBe(true);
    expect(exceedsJsonDepth({ a: { b: { c: { d: { e: 1 } } } } }, 4)).toBe(true);
  });

  it('walks pathological depth without overflowing the stack', () => {
    expect(exceedsJsonDepth(nestedArrays(100_000))).toBe(true);
  });
});
