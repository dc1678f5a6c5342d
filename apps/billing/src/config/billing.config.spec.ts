import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@vantage/service-runtime';
import { assertProductionSafe, BillingConfig } from './billing.config';

const defaults = { HTTP_PORT: '3003', MONGO_DB: 'vantage_billing' };
/** Hex, so a random draw can never spell a placeholder word such as "dev". */
const production = {
  NODE_ENV: 'production',
  STRIPE_SECRET_KEY: `sk_live_${randomBytes(24).toString('hex')}`,
  STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
};

describe('BillingConfig in production', () => {
  it('accepts Stripe secrets of its own, and the published defaults in development', () => {
    expect(() =>
      assertProductionSafe(loadConfig(BillingConfig, production, defaults)),
    ).not.toThrow();
    expect(() => assertProductionSafe(loadConfig(BillingConfig, {}, defaults))).not.toThrow();
  });

  it.each([
    ['STRIPE_SECRET_KEY', 'sk_test_123'],
    ['STRIPE_SECRET_KEY', 'sk_live_REPLACE_ME'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_vantage_development_only'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_local_development_only'],
    ['STRIPE_WEBHOOK_SECRET', 'whsec_REPLACE_ME'],
  ])('refuses the published %s %s', (name, value) => {
    const config = loadConfig(BillingConfig, { ...production, [name]: value }, defaults);
    expect(() => assertProductionSafe(config)).toThrow(ConfigError);
    expect(() => assertProductionSafe(config)).toThrow(new RegExp(`${name} must`));
  });
});
