import { containsLoneSurrogate, containsNulCharacter, jsonStringFlawOf } from './json-strings';

describe('containsLoneSurrogate', () => {
  it('accepts well-formed text, including pairs outside the BMP', () => {
    expect(containsLoneSurrogate({ name: 'Zoë 💩', tags: ['a', { deep: '日本' }] })).toBe(false);
    expect(containsLoneSurrogate(JSON.parse('{"emoji":"\\ud83d\\udca9"}'))).toBe(false);
  });

  it('finds a lone high or low surrogate in a value, however deep', () => {
    expect(containsLoneSurrogate(JSON.parse('{"email":"\\ud800@example.com"}'))).toBe(true);
    expect(containsLoneSurrogate(JSON.parse('{"a":[{"b":["x\\udc00"]}]}'))).toBe(true);
    expect(containsLoneSurrogate(JSON.parse('"\\udbff"'))).toBe(true);
  });

  it('finds one in a key', () => {
    expect(containsLoneSurrogate(JSON.parse('{"\\ud800":1}'))).toBe(true);
  });

  it('ignores numbers, booleans and null', () => {
    expect(containsLoneSurrogate({ n: 1, b: true, z: null })).toBe(false);
  });
});

describe('containsNulCharacter', () => {
  it('finds U+0000 in a value or a key, however deep', () => {
    expect(containsNulCharacter(JSON.parse('{"name":"a\\u0000b"}'))).toBe(true);
    expect(containsNulCharacter(JSON.parse('{"a":[{"b":["\\u0000"]}]}'))).toBe(true);
    expect(containsNulCharacter(JSON.parse('{"\\u0000":1}'))).toBe(true);
  });

  it('accepts text without it, including other control characters', () => {
    expect(containsNulCharacter({ name: 'tab\there', n: 0, z: null, list: ['x'] })).toBe(false);
  });
});

describe("jsonStringFlawOf (the body guard's one walk)", () => {
  it('names no flaw in clean text, U+0000 alone as nul, and a lone surrogate before it', () => {
    expect(jsonStringFlawOf({ name: 'Zoë 💩', n: 0, list: ['x'] })).toBeUndefined();
    expect(jsonStringFlawOf(JSON.parse('{"a":["\\u0000"],"b":"ok"}'))).toBe('nul');
    expect(jsonStringFlawOf(JSON.parse('{"a":"\\ud800","b":"\\u0000"}'))).toBe('lone-surrogate');
    expect(jsonStringFlawOf(JSON.parse('{"\\u0000":"\\ud800"}'))).toBe('lone-surrogate');
  });
});
