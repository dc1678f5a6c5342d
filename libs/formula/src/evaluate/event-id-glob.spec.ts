import {
  compileEventIdGlob,
  countGlobStars,
  eventIdGlobLiteralPrefix,
  matchesEventIdGlob,
} from './event-id-glob';

/** The regular expression the globs used to compile to: the reference, on short inputs only. */
function referenceMatch(glob: string, eventId: string): boolean {
  const body = [...glob]
    .map((char) => (char === '*' ? '.*' : char === '?' ? '.' : `\\u${hex(char)}`))
    .join('');
  return new RegExp(`^${body}$`, 's').test(eventId);
}

function hex(char: string): string {
  return char.charCodeAt(0).toString(16).padStart(4, '0');
}

/** A small deterministic generator, so a failure names inputs that can be replayed. */
function randomText(seed: number, alphabet: string, maxLength: number): string {
  let state = seed;
  const next = () => {
    state = (state * 1_103_515_245 + 12_345) % 2_147_483_648;
    return state;
  };
  const length = next() % (maxLength + 1);
  return Array.from({ length }, () => alphabet[next() % alphabet.length]).join('');
}

describe('event-id globs', () => {
  it.each([
    ['pandc.*.feed.*', 'pandc.vnext.feed.click', true],
    ['pandc.*.feed.*', 'pandc.feed.click', false],
    ['*.feed_click', 'app.home.feed_click', true],
    ['*.feed_click', 'app.home.feed_click_extra', false],
    ['shop.cart', 'shop.cart', true],
    ['shop.cart', 'shop.cart.view', false],
    ['shop.cart?', 'shop.carts', true],
    ['shop.cart?', 'shop.cart', false],
    ['a*a', 'a', false],
    ['a*a', 'aa', true],
    ['**', '', true],
    ['*?*', '', false],
    ['*ab*ab*', 'xabyab', true],
    ['*ab*ab*', 'xaby', false],
    ['a.b', 'aXb', false],
  ])('matches %s against %s: %s', (glob, eventId, expected) => {
    expect(matchesEventIdGlob(glob, eventId)).toBe(expected);
  });

  it('agrees with the anchored regular expression on every generated glob and id', () => {
    const disagreements: string[] = [];
    for (let seed = 1; seed <= 20_000; seed++) {
      const glob = randomText(seed, 'ab.*?', 8);
      const eventId = randomText(seed * 7919, 'ab.', 10);
      if (matchesEventIdGlob(glob, eventId) !== referenceMatch(glob, eventId)) {
        disagreements.push(`${glob} ~ ${eventId}`);
      }
    }
    expect(disagreements).toEqual([]);
  });

  it('compiles once and tests many ids', () => {
    const matches = compileEventIdGlob('*.feed*');
    expect(['a.feed', 'a.feed_click', 'feed', 'a.fee'].map(matches)).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });

  it('finds the literal prefix every match starts with', () => {
    expect(eventIdGlobLiteralPrefix('pandc.vnext.*.feed')).toBe('pandc.vnext.');
    expect(eventIdGlobLiteralPrefix('shop.car?.*')).toBe('shop.car');
    expect(eventIdGlobLiteralPrefix('*.feed')).toBe('');
    expect(eventIdGlobLiteralPrefix('exact.id')).toBe('exact.id');
  });

  it('counts the stars of a glob', () => {
    expect(countGlobStars('a*b**c?')).toBe(3);
    expect(countGlobStars('plain')).toBe(0);
  });
});
