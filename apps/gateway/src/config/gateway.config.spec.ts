import { ConfigError, loadConfig } from '@vantage/service-runtime';
import { assertProductionSafe, DEVELOPMENT_JWT_SECRET, GatewayConfig } from './gateway.config';

const defaults = { HTTP_PORT: '3000', MONGO_DB: 'vantage_gateway' };

describe('GatewayConfig', () => {
  it('refuses the public development signing key in production', () => {
    const config = loadConfig(GatewayConfig, { NODE_ENV: 'production' }, defaults);
    expect(config.JWT_SECRET).toBe(DEVELOPMENT_JWT_SECRET);
    expect(() => assertProductionSafe(config)).toThrow(ConfigError);
  });

  it('accepts a key of its own in production, and the default in development', () => {
    const own = loadConfig(
      GatewayConfig,
      { NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(48) },
      defaults,
    );
    expect(() => assertProductionSafe(own)).not.toThrow();
    expect(() => assertProductionSafe(loadConfig(GatewayConfig, {}, defaults))).not.toThrow();
  });

  it('refuses a short key and a malformed timeout list in one line', () => {
    expect(() =>
      loadConfig(GatewayConfig, { JWT_SECRET: 'short', ROUTE_TIMEOUTS: 'telemetry:5' }, defaults),
    ).toThrow(/JWT_SECRET must be a secret of at least 32 characters.*ROUTE_TIMEOUTS/);
  });
});
