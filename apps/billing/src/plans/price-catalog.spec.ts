import { PriceCatalog, priceLookupKey } from './price-catalog';

describe('PriceCatalog', () => {
  const catalog = new PriceCatalog({
    STRIPE_PRICE_PRO_MONTHLY: 'price_pro_m',
    STRIPE_PRICE_PRO_YEARLY: 'price_pro_y',
    STRIPE_PRICE_ENTERPRISE_MONTHLY: 'price_ent_m',
    STRIPE_PRICE_ENTERPRISE_YEARLY: '',
  });

  it('gives the configured price of each plan and interval', () => {
    expect(catalog.priceIdOf('pro', 'month')).toBe('price_pro_m');
    expect(catalog.priceIdOf('pro', 'year')).toBe('price_pro_y');
    expect(catalog.priceIdOf('enterprise', 'year')).toBeNull();
  });

  it('knows the plan of a configured price, then of a seeded lookup key', () => {
    expect(catalog.planOf({ id: 'price_ent_m' })).toBe('enterprise');
    expect(
      catalog.planOf({ id: 'price_x', lookup_key: priceLookupKey('enterprise', 'year') }),
    ).toBe('enterprise');
    expect(catalog.planOf({ id: 'price_x', lookup_key: 'someone_else' })).toBeNull();
  });
});
