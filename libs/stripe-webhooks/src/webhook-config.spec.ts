import { BaseServiceConfig, ConfigError, loadConfig } from '@vantage/service-runtime';
import {
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  IsStripeWebhookSecret,
  StripeWebhookToleranceFromEnv,
} from './webhook-config';

class WebhookConfig extends BaseServiceConfig {
  @IsStripeWebhookSecret()
  STRIPE_WEBHOOK_SECRET = 'whsec_default';

  @StripeWebhookToleranceFromEnv()
  STRIPE_WEBHOOK_TOLERANCE_SECONDS = DEFAULT_WEBHOOK_TOLERANCE_SECONDS;
}

const defaults = { HTTP_PORT: '3000', MONGO_DB: 'vantage_webhooks' };
const load = (env: Record<string, string>) => loadConfig(WebhookConfig, env, defaults);

describe('Stripe webhook config decorators', () => {
  it('reads a whsec_ secret and a tolerance in whole seconds', () => {
    const config = load({
      STRIPE_WEBHOOK_SECRET: 'whsec_abc',
      STRIPE_WEBHOOK_TOLERANCE_SECONDS: '60',
    });
    expect(config.STRIPE_WEBHOOK_SECRET).toBe('whsec_abc');
    expect(config.STRIPE_WEBHOOK_TOLERANCE_SECONDS).toBe(60);
  });

  it.each([
    [
      { STRIPE_WEBHOOK_SECRET: 'sk_test_123' },
      'STRIPE_WEBHOOK_SECRET must be a webhook signing secret',
    ],
    [
      { STRIPE_WEBHOOK_TOLERANCE_SECONDS: '0' },
      'STRIPE_WEBHOOK_TOLERANCE_SECONDS must be an integer between 1 and 3600',
    ],
    [
      { STRIPE_WEBHOOK_TOLERANCE_SECONDS: '3601' },
      'STRIPE_WEBHOOK_TOLERANCE_SECONDS must be an integer between 1 and 3600',
    ],
    [
      { STRIPE_WEBHOOK_TOLERANCE_SECONDS: '5m' },
      'STRIPE_WEBHOOK_TOLERANCE_SECONDS must be an integer between 1 and 3600',
    ],
  ])('refuses %j', (env, message) => {
    expect(() => load(env)).toThrow(ConfigError);
    expect(() => load(env)).toThrow(message);
  });
});
