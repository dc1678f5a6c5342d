import { smtpPoolOptions } from './smtp-options';

const base = {
  SMTP_URL: 'smtp://127.0.0.1:1025',
  SMTP_USER: '',
  SMTP_PASS: '',
  SMTP_REQUIRE_TLS: 'false' as const,
  SMTP_TLS_REJECT_UNAUTHORIZED: 'true' as const,
  SMTP_POOL_MAX_CONNECTIONS: 2,
  SMTP_TIMEOUT_MS: 15_000,
};

describe('SMTP pool options', () => {
  it('pools plain SMTP to a local server, without credentials', () => {
    const options = smtpPoolOptions(base);

    expect(options).toMatchObject({
      pool: true,
      host: '127.0.0.1',
      port: 1025,
      secure: false,
      requireTLS: false,
      maxConnections: 2,
      socketTimeout: 15_000,
      tls: { rejectUnauthorized: true },
    });
    expect(options.auth).toBeUndefined();
  });

  it('speaks TLS from the first byte on smtps, on 465 by default', () => {
    const options = smtpPoolOptions({ ...base, SMTP_URL: 'smtps://mail.example.com' });

    expect(options).toMatchObject({ host: 'mail.example.com', port: 465, secure: true });
  });

  it('requires STARTTLS when asked, and reads credentials from the URL', () => {
    const options = smtpPoolOptions({
      ...base,
      SMTP_URL: 'smtp://reports%40acme.io:p%40ss@relay.example.com:587',
      SMTP_REQUIRE_TLS: 'true',
    });

    expect(options).toMatchObject({
      port: 587,
      secure: false,
      requireTLS: true,
      auth: { user: 'reports@acme.io', pass: 'p@ss' },
    });
  });

  it('lets SMTP_USER and SMTP_PASS win over the URL', () => {
    const options = smtpPoolOptions({
      ...base,
      SMTP_URL: 'smtp://old:old@relay.example.com:2525',
      SMTP_USER: 'apikey',
      SMTP_PASS: 'secret',
      SMTP_TLS_REJECT_UNAUTHORIZED: 'false',
    });

    expect(options).toMatchObject({
      port: 2525,
      auth: { user: 'apikey', pass: 'secret' },
      tls: { rejectUnauthorized: false },
    });
  });
});
