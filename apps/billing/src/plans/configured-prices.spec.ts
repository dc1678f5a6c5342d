import { standInPriceId } from '@vantage/contracts';
import { loadConfig } from '@vantage/service-runtime';
import { BillingConfig } from '../config/billing.config';
import { configuredPriceIds } from './configured-prices';

const defaults = { HTTP_PORT: '3003', MONGO_DB: 'vantage_billing' };
const stripeMock = { STRIPE_API_URL: 'http://127.0.0.1:12111' };

function pricesOf(env: Record<string, string>): Record<string, string> {
  return configuredPriceIds(loadConfig(BillingConfig, env, defaults));
}

describe('configuredPriceIds', () => {
  it('sells every paid plan and interval with the stand-in prices against stripe-mock outside production (npm start, e2e)', () => {
    for (const env of [stripeMock, { ...stripeMock, NODE_ENV: 'test' }]) {
      expect(pricesOf(env)).toEqual({
        STRIPE_PRICE_PRO_MONTHLY: standInPriceId('pro', 'month'),
        STRIPE_PRICE_PRO_YEARLY: standInPriceId('pro', 'year'),
        STRIPE_PRICE_ENTERPRISE_MONTHLY: standInPriceId('enterprise', 'month'),
        STRIPE_PRICE_ENTERPRISE_YEARLY: standInPriceId('enterprise', 'year'),
      });
    }
  });

  it('keeps a configured price over the stand-in', () => {
    expect(pricesOf({ ...stripeMock, STRIPE_PRICE_PRO_YEARLY: 'price_seeded' })).toMatchObject({
      STRIPE_PRICE_PRO_MONTHLY: standInPriceId('pro', 'month'),
      STRIPE_PRICE_PRO_YEARLY: 'price_seeded',
    });
  });

  it('gives no stand-in against api.stripe.com, where only seeded prices exist', () => {
    expect(pricesOf({ STRIPE_PRICE_PRO_MONTHLY: 'price_seeded' })).toEqual({
      STRIPE_PRICE_PRO_MONTHLY: 'price_seeded',
      STRIPE_PRICE_PRO_YEARLY: '',
      STRIPE_PRICE_ENTERPRISE_MONTHLY: '',
      STRIPE_PRICE_ENTERPRISE_YEARLY: '',
    });
  });

  it('gives no stand-in in production, even against a STRIPE_API_URL', () => {
    const production = {
      ...stripeMock,
      NODE_ENV: 'production',
      STRIPE_SECRET_KEY: 'sk_live_0123456789abcdef0123456789abcdef',
      STRIPE_WEBHOOK_SECRET: 'whsec_0123456789abcdef0123456789abcdef',
    };
    expect(Object.values(pricesOf(production))).toEqual(['', '', '', '']);
  });
});
