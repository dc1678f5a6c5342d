import { globToRegExp } from './event-id-glob';

describe('globToRegExp', () => {
  const matches = (glob: string, id: string) => globToRegExp(glob).test(id);

  it('matches any run of characters, dots included, with *', () => {
    expect(
      matches(
        'pandc.vnext.recommendations.feed.feed*',
        'pandc.vnext.recommendations.feed.feed_click',
      ),
    ).toBe(true);
    expect(matches('pandc.*.click', 'pandc.a.b.click')).toBe(true);
    expect(matches('*', '')).toBe(true);
  });

  it('matches exactly one character with ?', () => {
    expect(matches('a?c', 'abc')).toBe(true);
    expect(matches('a?c', 'ac')).toBe(false);
  });

  it('anchors both ends and takes dots literally', () => {
    expect(matches('feed', 'feed.click')).toBe(false);
    expect(matches('a.c', 'abc')).toBe(false);
  });

  it('takes regular-expression characters literally', () => {
    expect(matches('a+(b)|c', 'a+(b)|c')).toBe(true);
    expect(matches('a+', 'aa')).toBe(false);
  });
});
