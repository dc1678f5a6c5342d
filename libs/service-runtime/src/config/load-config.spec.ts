import { Matches } from 'class-validator';
import { BaseServiceConfig } from './base-service.config';
import { IsUrlWithProtocol } from './env-validators';
import { ConfigError, loadConfig, serviceEnvDefaults } from './load-config';

const trafficMonitorDefaults = serviceEnvDefaults('traffic-monitor', 3001);

function configErrorOf(run: () => unknown): ConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

class StripeConfig extends BaseServiceConfig {
  @IsUrlWithProtocol(['http', 'https'])
  STRIPE_API_URL!: string;
}

class CredentialsConfig extends BaseServiceConfig {
  @Matches(/^whsec_/, { message: 'STRIPE_WEBHOOK_SECRET must start with whsec_' })
  STRIPE_WEBHOOK_SECRET!: string;

  @Matches(/^sk_/, { message: 'STRIPE_SECRET_KEY must start with sk_' })
  STRIPE_SECRET_KEY!: string;
}

describe('loadConfig', () => {
  it('works locally with no variables at all', () => {
    const config = loadConfig(BaseServiceConfig, {}, trafficMonitorDefaults);

    expect(config).toBeInstanceOf(BaseServiceConfig);
    expect({ ...config }).toEqual({
      NODE_ENV: 'development',
      LOG_LEVEL: 'info',
      HTTP_HOST: '0.0.0.0',
      HTTP_PORT: 3001,
      REDIS_URL: 'redis://127.0.0.1:6379',
      MONGO_URL: 'mongodb://127.0.0.1:27017',
      MONGO_DB: 'vantage_traffic_monitor',
      TRANSPORT_PREFIX: 'vantage',
      TRANSPORT_REQUEST_TIMEOUT_MS: 5000,
      TRANSPORT_CLAIM_IDLE_MS: 15000,
      TRANSPORT_CONCURRENCY: 32,
      GOLDEN_SIGNALS_INTERVAL_MS: 10000,
      ORG_CAPS: '',
    });
  });

  it('reads and converts the variables it declares, and nothing else', () => {
    const config = loadConfig(
      BaseServiceConfig,
      { HTTP_PORT: '8080', REDIS_URL: 'rediss://cache:6380/2', PATH: '/usr/bin', NODE_ENV: 'test' },
      trafficMonitorDefaults,
    );

    expect(config.HTTP_PORT).toBe(8080);
    expect(config.REDIS_URL).toBe('rediss://cache:6380/2');
    expect(config.NODE_ENV).toBe('test');
    expect(config).not.toHaveProperty('PATH');
  });

  it('takes a comma-separated REDIS_URL as the nodes of a Redis Cluster, each a redis URL', () => {
    const nodes = 'redis://u:p@h1:7000,redis://h2:7001,redis://h3:7002';
    const config = loadConfig(BaseServiceConfig, { REDIS_URL: nodes }, trafficMonitorDefaults);
    expect(config.REDIS_URL).toBe(nodes);

    const error = configErrorOf(() =>
      loadConfig(
        BaseServiceConfig,
        { REDIS_URL: 'redis://h1:7000,http://h2:7001' },
        trafficMonitorDefaults,
      ),
    );
    expect(error.message).toContain('REDIS_URL must be a URL starting with redis:// or rediss://');
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig(
      BaseServiceConfig,
      { HTTP_PORT: '', LOG_LEVEL: ' ' },
      trafficMonitorDefaults,
    );

    expect(config.HTTP_PORT).toBe(3001);
    expect(config.LOG_LEVEL).toBe('info');
  });

  it('names a bad variable in one line', () => {
    const error = configErrorOf(() =>
      loadConfig(BaseServiceConfig, { HTTP_PORT: 'abc' }, trafficMonitorDefaults),
    );

    expect(error.message).toBe(
      'invalid configuration: HTTP_PORT must be an integer between 1 and 65535 (got "abc")',
    );
  });

  it('names every bad variable, still in one line', () => {
    const error = configErrorOf(() =>
      loadConfig(
        BaseServiceConfig,
        { NODE_ENV: 'prod', REDIS_URL: 'http://cache:6379', TRANSPORT_CONCURRENCY: '0' },
        trafficMonitorDefaults,
      ),
    );

    expect(error.message).not.toContain('\n');
    expect(error.message).toBe(
      'invalid configuration: NODE_ENV must be one of development, test, production (got "prod"); ' +
        'REDIS_URL must be a URL starting with redis:// or rediss:// (got "http://cache:6379"); ' +
        'TRANSPORT_CONCURRENCY must be an integer between 1 and 1024 (got "0")',
    );
  });

  it('says when a variable without a default is missing', () => {
    const error = configErrorOf(() => loadConfig(BaseServiceConfig, {}));

    expect(error.message).toBe(
      'invalid configuration: HTTP_PORT must be an integer between 1 and 65535 (not set); ' +
        'MONGO_DB must be a database name of letters, digits, _ or - (at most 63) (not set)',
    );
  });

  it('validates the variables an app adds in a subclass', () => {
    const error = configErrorOf(() => loadConfig(StripeConfig, {}, trafficMonitorDefaults));
    const config = loadConfig(
      StripeConfig,
      { STRIPE_API_URL: 'http://localhost:12111' },
      trafficMonitorDefaults,
    );

    expect(error.message).toBe(
      'invalid configuration: STRIPE_API_URL must be a URL starting with http:// or https:// (not set)',
    );
    expect(config.STRIPE_API_URL).toBe('http://localhost:12111');
    expect(config.HTTP_PORT).toBe(3001);
  });

  it('never prints the password of a bad URL', () => {
    const error = configErrorOf(() =>
      loadConfig(
        BaseServiceConfig,
        { MONGO_URL: 'postgres://admin:s3cret@db:5432' },
        trafficMonitorDefaults,
      ),
    );

    expect(error.message).not.toContain('s3cret');
    expect(error.message).toContain('(got "postgres://admin:***@db:5432")');
  });

  it('never prints the value of a bad secret, only its length', () => {
    const error = configErrorOf(() =>
      loadConfig(
        CredentialsConfig,
        { STRIPE_WEBHOOK_SECRET: 'pasted-live-secret', STRIPE_SECRET_KEY: 'rk_live_123' },
        trafficMonitorDefaults,
      ),
    );

    expect(error.message).not.toContain('pasted-live-secret');
    expect(error.message).not.toContain('rk_live_123');
    expect(error.message).toContain(
      'STRIPE_WEBHOOK_SECRET must start with whsec_ (a value of 18 characters, not shown)',
    );
    expect(error.message).toContain('(a value of 11 characters, not shown)');
  });

  it('rejects a port number that is not an integer or out of range', () => {
    expect(() =>
      loadConfig(BaseServiceConfig, { HTTP_PORT: '80.5' }, trafficMonitorDefaults),
    ).toThrow('HTTP_PORT must be an integer between 1 and 65535 (got "80.5")');
    expect(() =>
      loadConfig(BaseServiceConfig, { HTTP_PORT: '70000' }, trafficMonitorDefaults),
    ).toThrow('HTTP_PORT must be an integer between 1 and 65535 (got "70000")');
  });
});

describe('serviceEnvDefaults', () => {
  it('names the database after the service', () => {
    expect(serviceEnvDefaults('traffic-monitor', 3001)).toEqual({
      HTTP_PORT: '3001',
      MONGO_DB: 'vantage_traffic_monitor',
    });
  });
});
