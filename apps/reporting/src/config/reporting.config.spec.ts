import { randomBytes } from 'node:crypto';
import { ConfigError, loadConfig } from '@vantage/service-runtime';
import { assertProductionSafe, ReportingConfig } from './reporting.config';

const defaults = { HTTP_PORT: '3004', MONGO_DB: 'vantage_reporting' };
const production = {
  NODE_ENV: 'production',
  PUBLIC_URL: 'https://vantage.example.com',
  UNSUBSCRIBE_SECRET: randomBytes(32).toString('hex'),
};

function productionConfig(env: Record<string, string>): ReportingConfig {
  return loadConfig(ReportingConfig, { ...production, ...env }, defaults);
}

describe('ReportingConfig in production', () => {
  it.each([
    ["docker-compose's former fallback", 'dev-only-insecure-unsubscribe-secret-not-for-production'],
    ["the k8s Secret template's placeholder", 'REPLACE_ME_AT_LEAST_32_RANDOM_CHARACTERS_0000'],
    ['a long but not random key', 'unsubscribe'.repeat(4)],
  ])('refuses %s as UNSUBSCRIBE_SECRET', (_what, secret) => {
    const config = productionConfig({
      SMTP_URL: 'smtps://relay.example.com',
      UNSUBSCRIBE_SECRET: secret,
    });

    expect(() => assertProductionSafe(config)).toThrow(/UNSUBSCRIBE_SECRET must/);
  });

  it('refuses plain SMTP that may fall back to clear text', () => {
    const config = productionConfig({ SMTP_URL: 'smtp://relay.example.com:587' });

    expect(() => assertProductionSafe(config)).toThrow(ConfigError);
    expect(() => assertProductionSafe(config)).toThrow(/SMTP_REQUIRE_TLS/);
  });

  it('accepts SMTP with STARTTLS required, or TLS from the first byte', () => {
    const startTls = productionConfig({
      SMTP_URL: 'smtp://relay.example.com:587',
      SMTP_REQUIRE_TLS: 'true',
    });
    const implicitTls = productionConfig({ SMTP_URL: 'smtps://relay.example.com' });

    expect(() => assertProductionSafe(startTls)).not.toThrow();
    expect(() => assertProductionSafe(implicitTls)).not.toThrow();
  });

  it('refuses a relay whose certificate is not checked', () => {
    const config = productionConfig({
      SMTP_URL: 'smtps://relay.example.com',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
    });

    expect(() => assertProductionSafe(config)).toThrow(/SMTP_TLS_REJECT_UNAUTHORIZED/);
  });

  it('reaches in clear text only the one host named for it (compose’s maildev)', () => {
    const named = productionConfig({
      SMTP_URL: 'smtp://maildev:1025',
      SMTP_PLAINTEXT_HOST: 'maildev',
    });
    const other = productionConfig({
      SMTP_URL: 'smtp://relay.example.com:587',
      SMTP_PLAINTEXT_HOST: 'maildev',
    });

    expect(() => assertProductionSafe(named)).not.toThrow();
    expect(() => assertProductionSafe(other)).toThrow(/SMTP_REQUIRE_TLS/);
  });

  it('refuses an http PUBLIC_URL (one-click unsubscribe links must be https), bar localhost', () => {
    const plain = productionConfig({
      SMTP_URL: 'smtps://relay.example.com',
      PUBLIC_URL: 'http://vantage.example.com',
    });
    const local = productionConfig({
      SMTP_URL: 'smtps://relay.example.com',
      PUBLIC_URL: 'http://localhost:3000',
    });

    expect(() => assertProductionSafe(plain)).toThrow(/PUBLIC_URL/);
    expect(() => assertProductionSafe(local)).not.toThrow();
  });

  it('lets development mail a local maildev in clear text', () => {
    const config = loadConfig(ReportingConfig, { SMTP_URL: 'smtp://127.0.0.1:1025' }, defaults);

    expect(() => assertProductionSafe(config)).not.toThrow();
  });
});

describe('ReportingConfig mail quotas', () => {
  it('has a daily quota per plan, larger for larger plans, each configurable', () => {
    const config = loadConfig(
      ReportingConfig,
      {
        MAIL_DAILY_QUOTA_FREE: '7',
        MAIL_DAILY_QUOTA_PRO: '70',
        MAIL_DAILY_QUOTA_ENTERPRISE: '700',
      },
      defaults,
    );
    const standard = loadConfig(ReportingConfig, {}, defaults);

    expect([
      config.MAIL_DAILY_QUOTA_FREE,
      config.MAIL_DAILY_QUOTA_PRO,
      config.MAIL_DAILY_QUOTA_ENTERPRISE,
    ]).toEqual([7, 70, 700]);
    expect(standard.MAIL_DAILY_QUOTA_FREE).toBeLessThan(standard.MAIL_DAILY_QUOTA_PRO);
    expect(standard.MAIL_DAILY_QUOTA_PRO).toBeLessThan(standard.MAIL_DAILY_QUOTA_ENTERPRISE);
  });
});
