import { CreateRadSetDto, RAD_SET_SUGGESTIONS_MAX } from '@vantage/contracts';
import { compileEventIdGlob } from '@vantage/formula';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { type ExistingRadSet, suggestRadSets } from './rad-set-suggestions';

const set = (
  fields: Partial<ExistingRadSet> & Pick<ExistingRadSet, 'pattern'>,
): ExistingRadSet => ({
  name: fields.pattern,
  colour: '#000000',
  enabled: true,
  priority: 0,
  ...fields,
});

const patterns = (eventIds: readonly string[], existing: readonly ExistingRadSet[] = []) =>
  suggestRadSets(eventIds, existing).items.map((item) => [item.body.pattern, item.eventIdCount]);

describe('suggestRadSets', () => {
  it('groups ids by their first two segments, by the first when they have two, and most ids first', () => {
    expect(
      patterns([
        'shop.search.query',
        'shop.checkout.view',
        'shop.checkout.pay',
        'shop.checkout.pay.failed',
        'app.open',
        'app.close',
        'signup',
      ]),
    ).toEqual([
      ['shop.checkout.*', 3],
      ['app.*', 2],
      ['shop.search.*', 1],
      ['signup', 1],
    ]);
  });

  it('names a suggestion after its prefix and lists a few of its ids alphabetically', () => {
    const ids = Array.from({ length: 7 }, (_, n) => `shop.cart.step${7 - n}`);

    const [cart] = suggestRadSets(ids, []).items;

    expect(cart).toEqual({
      body: { name: 'shop.cart', pattern: 'shop.cart.*', colour: '#2563eb' },
      eventIdCount: 7,
      sampleEventIds: [
        'shop.cart.step1',
        'shop.cart.step2',
        'shop.cart.step3',
        'shop.cart.step4',
        'shop.cart.step5',
      ],
    });
  });

  it('leaves out ids an enabled set matches, and counts them, but not those of a disabled set', () => {
    const result = suggestRadSets(
      ['shop.checkout.pay', 'shop.checkout.view', 'shop.search.query', 'app.open'],
      [set({ pattern: 'shop.checkout.*' }), set({ pattern: 'app.*', enabled: false })],
    );

    expect(result.covered).toBe(2);
    expect(result.items.map((item) => item.body.pattern)).toEqual(['app.*', 'shop.search.*']);
  });

  it('counts an id sent twice once', () => {
    expect(patterns(['a.b', 'a.b', 'a.c'])).toEqual([['a.*', 2]]);
  });

  it('gives names the organisation does not use yet, and colours its sets do not use first', () => {
    const [item] = suggestRadSets(
      ['shop.cart.add'],
      [set({ name: 'Shop.Cart', pattern: 'elsewhere.*', colour: '#2563EB' })],
    ).items;

    expect(item?.body).toEqual({
      name: 'shop.cart (2)',
      pattern: 'shop.cart.*',
      colour: '#7c3aed',
    });
  });

  it(`answers at most ${RAD_SET_SUGGESTIONS_MAX} suggestions`, () => {
    const ids = Array.from({ length: 50 }, (_, n) => `area${n}.x.y`);

    expect(suggestRadSets(ids, []).items).toHaveLength(RAD_SET_SUGGESTIONS_MAX);
  });

  it.each([
    ['the longest ids', ['a'.repeat(100) + '.' + 'b'.repeat(97) + '.c', 'x.' + 'y'.repeat(198)]],
    ['odd dots', ['.leading', 'trailing.', 'double..dot', 'a.b.c', '...']],
    ['colons, dashes and underscores', ['svc:api-v2.http_get.ok', 'plain_name']],
  ])('gives valid create bodies whose pattern matches every id, for %s', (_case, ids) => {
    for (const item of suggestRadSets(ids, []).items) {
      const errors = validateSync(plainToInstance(CreateRadSetDto, item.body), {
        whitelist: true,
        forbidNonWhitelisted: true,
      });
      expect(errors).toEqual([]);
      const matches = compileEventIdGlob(item.body.pattern);
      expect(item.sampleEventIds.every((id) => matches(id))).toBe(true);
    }
  });
});
