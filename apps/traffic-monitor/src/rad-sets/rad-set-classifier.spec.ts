import { type ClassifiableRadSet, literalCharacters, RadSetClassifier } from './rad-set-classifier';

function radSet(pattern: string, fields: Partial<ClassifiableRadSet> = {}): ClassifiableRadSet {
  return { name: pattern, pattern, enabled: true, priority: 0, ...fields };
}

function matches(pattern: string, eventId: string): boolean {
  return new RadSetClassifier([radSet(pattern)]).classify(eventId) !== undefined;
}

describe('RAD set glob matching', () => {
  it('matches a trailing * against any rest of the id, including nothing', () => {
    const feed = 'pandc.vnext.recommendations.feed.feed*';

    expect(matches(feed, 'pandc.vnext.recommendations.feed.feed_impression')).toBe(true);
    expect(matches(feed, 'pandc.vnext.recommendations.feed.feed')).toBe(true);
    expect(matches(feed, 'pandc.vnext.recommendations.feed.card_impression')).toBe(false);
  });

  it('anchors the pattern at both ends', () => {
    expect(matches('shop.cart', 'shop.cart')).toBe(true);
    expect(matches('shop.cart', 'eu.shop.cart')).toBe(false);
    expect(matches('shop.cart', 'shop.cart.add')).toBe(false);
  });

  it('lets * span dots', () => {
    expect(matches('pandc.*.cart.*', 'pandc.vnext.web.cart.add')).toBe(true);
    expect(matches('*.click', 'a.b.c.click')).toBe(true);
    expect(matches('*', 'anything.at.all')).toBe(true);
  });

  it('matches ? against exactly one character', () => {
    expect(matches('feed.v?', 'feed.v2')).toBe(true);
    expect(matches('feed.v?', 'feed.v')).toBe(false);
    expect(matches('feed.v?', 'feed.v10')).toBe(false);
  });

  it('takes the dot and other regex specials literally', () => {
    expect(matches('shop.cart', 'shopXcart')).toBe(false);
    expect(matches('a+b', 'aab')).toBe(false);
    expect(matches('a+b', 'a+b')).toBe(true);
    expect(matches('(x|y)', 'x')).toBe(false);
    expect(matches('(x|y)', '(x|y)')).toBe(true);
    expect(matches('a[0-9]$', 'a[0-9]$')).toBe(true);
    expect(matches('a[0-9]$', 'a5')).toBe(false);
    expect(matches('c:\\path/x', 'c:\\path/x')).toBe(true);
  });

  it('counts the literal characters that make a pattern specific', () => {
    expect(literalCharacters('pandc.*.cart.?')).toBe(12);
    expect(literalCharacters('**')).toBe(0);
  });
});

describe('RadSetClassifier', () => {
  it('answers undefined (unknown) for an id no set matches', () => {
    const classifier = new RadSetClassifier([radSet('shop.*')]);

    expect(classifier.classify('blog.view')).toBeUndefined();
  });

  it('prefers the most specific of several matching patterns', () => {
    const broad = radSet('pandc.*', { name: 'a broad' });
    const narrow = radSet('pandc.*.recommendations.cart.*', { name: 'z narrow' });
    const classifier = new RadSetClassifier([broad, narrow]);

    expect(classifier.classify('pandc.vnext.recommendations.cart.add')).toBe(narrow);
    expect(classifier.classify('pandc.vnext.metrics.load')).toBe(broad);
  });

  it('lets an explicit priority beat specificity', () => {
    const catchAll = radSet('*', { priority: 10 });
    const narrow = radSet('shop.cart.add');

    expect(new RadSetClassifier([narrow, catchAll]).classify('shop.cart.add')).toBe(catchAll);
  });

  it('breaks a full tie by name, whatever the input order', () => {
    const alpha = radSet('shop.*', { name: 'alpha' });
    const beta = radSet('*.cart', { name: 'beta' });

    expect(new RadSetClassifier([beta, alpha]).classify('shop.cart')).toBe(alpha);
    expect(new RadSetClassifier([alpha, beta]).classify('shop.cart')).toBe(alpha);
  });

  it('skips disabled sets, so their events fall to the next match', () => {
    const disabled = radSet('shop.cart.*', { enabled: false });
    const fallback = radSet('shop.*');

    expect(new RadSetClassifier([disabled, fallback]).classify('shop.cart.add')).toBe(fallback);
    expect(new RadSetClassifier([disabled]).classify('shop.cart.add')).toBeUndefined();
  });
});
