import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@vantage/service-runtime';
import {
  assertProductionSafe,
  DEVELOPMENT_JWT_SECRET,
  DEVELOPMENT_PREVIEW_LINK_SECRET,
  GatewayConfig,
} from './gateway.config';

const defaults = { HTTP_PORT: '3000', MONGO_DB: 'vantage_gateway' };
/**
 * Production needs its own Stripe webhook secret too; most tests here are about JWT_SECRET.
 * Hex, so a random draw can never spell a placeholder word such as "dev".
 */
const production = {
  NODE_ENV: 'production',
  STRIPE_WEBHOOK_SECRET: `whsec_${randomBytes(24).toString('hex')}`,
  JWT_SECRET: randomBytes(32).toString('hex'),
  PREVIEW_LINK_SECRET: randomBytes(32).toString('hex'),
};

describe('GatewayConfig', () => {
  it('refuses the public development signing key in production', () => {
    const config = loadConfig(GatewayConfig, { NODE_ENV: 'production' }, defaults);
    expect(config.JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
    expect(() => assertProductionSafe(config)).toThrow(ConfigError);
  });

  it('refuses the development key of preview links, or a placeholder, in production', () => {
    for (const secret of [
      DEVELOPMENT_PREVIEW_LINK_SECRET,
      'REPLACE_ME_AT_LEAST_32_RANDOM_CHARACTERS_0000',
    ]) {
      const config = loadConfig(
        GatewayConfig,
        { ...production, PREVIEW_LINK_SECRET: secret },
        defaults,
      );
      expect(() => assertProductionSafe(config)).toThrow(/PREVIEW_LINK_SECRET must/);
    }
  });

  it('accepts a key of its own in production, and the default in development', () => {
    const own = loadConfig(
      GatewayConfig,
      { ...production, JWT_SECRET: randomBytes(32).toString('hex') },
      defaults,
    );
    expect(() => assertProductionSafe(own)).not.toThrow();
    expect(() => assertProductionSafe(loadConfig(GatewayConfig, {}, defaults))).not.toThrow();
  });

  it.each([
    ["docker-compose's former fallback", 'dev-only-insecure-jwt-secret-do-not-use-in-production'],
    ["the k8s Secret template's placeholder", 'REPLACE_ME_AT_LEAST_32_RANDOM_CHARACTERS_0000'],
    ['a long but not random key', 'x'.repeat(48)],
    ['16 random bytes', randomBytes(16).toString('hex')],
  ])('refuses %s as JWT_SECRET in production', (_what, secret) => {
    const config = loadConfig(GatewayConfig, { ...production, JWT_SECRET: secret }, defaults);
    expect(() => assertProductionSafe(config)).toThrow(/JWT_SECRET must/);
  });

  it.each([
    ['the built-in development secret', 'whsec_vantage_development_only'],
    ["docker-compose's fallback", 'whsec_local_development_only'],
    ["the k8s Secret template's placeholder", 'whsec_REPLACE_ME'],
  ])('refuses %s as STRIPE_WEBHOOK_SECRET in production', (_what, secret) => {
    const config = loadConfig(
      GatewayConfig,
      { ...production, STRIPE_WEBHOOK_SECRET: secret },
      defaults,
    );
    expect(() => assertProductionSafe(config)).toThrow(/STRIPE_WEBHOOK_SECRET must/);
  });

  it('refuses a short key and a malformed timeout list in one line', () => {
    expect(() =>
      loadConfig(GatewayConfig, { JWT_SECRET: 'short', ROUTE_TIMEOUTS: 'telemetry:5' }, defaults),
    ).toThrow(/JWT_SECRET must be a secret of at least 32 characters.*ROUTE_TIMEOUTS/);
  });
});
