import { fillInfraEnv, infraEnv } from './infra-env';
import type { StoredInfraState } from './state';

const base: StoredInfraState = {
  redisUrl: 'redis://127.0.0.1:1',
  mongoUrl: 'mongodb://127.0.0.1:2/',
  redisKind: 'redis-server',
  mongoKind: 'ferretdb',
  pids: {},
  startedAt: '2026-01-01T00:00:00.000Z',
};

describe('infraEnv', () => {
  it('names every service the local infra runs', () => {
    expect(
      infraEnv({
        ...base,
        stripeApiUrl: 'http://127.0.0.1:3',
        stripeKind: 'stripe-mock',
        smtpUrl: 'smtp://127.0.0.1:4',
        maildevApiUrl: 'http://127.0.0.1:5',
        mailKind: 'maildev',
      }),
    ).toEqual({
      REDIS_URL: 'redis://127.0.0.1:1',
      MONGO_URL: 'mongodb://127.0.0.1:2/',
      STRIPE_API_URL: 'http://127.0.0.1:3',
      SMTP_URL: 'smtp://127.0.0.1:4',
      MAILDEV_API_URL: 'http://127.0.0.1:5',
    });
  });

  it('leaves MAILDEV_API_URL out for an external SMTP relay without an inbox API', () => {
    const env = infraEnv({
      ...base,
      stripeApiUrl: 'http://s',
      stripeKind: 'external',
      smtpUrl: 'smtp://relay:25',
      maildevApiUrl: null,
      mailKind: 'external',
    });
    expect(env['SMTP_URL']).toBe('smtp://relay:25');
    expect(env).not.toHaveProperty('MAILDEV_API_URL');
  });

  it('gives only Redis and MongoDB for a state written before the other two existed', () => {
    expect(Object.keys(infraEnv(base))).toEqual(['REDIS_URL', 'MONGO_URL']);
  });
});

describe('fillInfraEnv', () => {
  const full: StoredInfraState = {
    ...base,
    stripeApiUrl: 'http://127.0.0.1:3',
    stripeKind: 'stripe-mock',
    smtpUrl: 'smtp://127.0.0.1:4',
    maildevApiUrl: 'http://127.0.0.1:5',
    mailKind: 'maildev',
  };

  it('fills what is missing and keeps what the environment sets', () => {
    const env: NodeJS.ProcessEnv = { STRIPE_API_URL: 'http://elsewhere', REDIS_URL: '' };
    fillInfraEnv(env, full);
    expect(env).toEqual({
      REDIS_URL: 'redis://127.0.0.1:1',
      MONGO_URL: 'mongodb://127.0.0.1:2/',
      STRIPE_API_URL: 'http://elsewhere',
      SMTP_URL: 'smtp://127.0.0.1:4',
      MAILDEV_API_URL: 'http://127.0.0.1:5',
    });
  });

  it('does not pair the maildev inbox with another SMTP server', () => {
    const env: NodeJS.ProcessEnv = { SMTP_URL: 'smtp://relay:25' };
    fillInfraEnv(env, full);
    expect(env['SMTP_URL']).toBe('smtp://relay:25');
    expect(env['MAILDEV_API_URL']).toBeUndefined();
  });
});
