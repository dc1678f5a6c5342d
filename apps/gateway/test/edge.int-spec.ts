import { startTestService } from '@vantage/service-runtime/testing';
import { gatewayService } from '../src/service-definition';
import { MAIL_LINK_PATHS } from '../src/api/mail/mail-pages';
import { PREVIEW_LINK_PATH } from '../src/api/reporting/weekly-preview-link';
import { call, type Gateway, registerOrg, type Session } from './support/gateway-api';

interface OpenApiDocument {
  openapi: string;
  paths: Record<
    string,
    Record<string, { responses: Record<string, unknown>; security?: unknown[] }>
  >;
  components: { securitySchemes: Record<string, unknown>; schemas: Record<string, unknown> };
}

describe('the public edge', () => {
  let gateway: Gateway;
  let session: Session;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        BODY_LIMIT_BYTES: '4096',
        CORS_ORIGINS: 'https://app.vantage.test,https://admin.vantage.test',
        TRUSTED_PROXIES: '127.0.0.1',
      },
    });
    session = await registerOrg(gateway, 'edge');
  });

  afterAll(async () => {
    await gateway?.close();
  });

  const expectProblem = (
    response: { status: number; headers: Headers; body: Record<string, unknown> },
    status: number,
  ) => {
    expect(response.status).toBe(status);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({
      status,
      type: expect.stringMatching(/^https:\/\//),
      title: expect.any(String),
    });
  };

  describe('bad input gets a 4xx problem+json, never a 5xx', () => {
    it('malformed JSON', async () => {
      expectProblem(await call(gateway, 'POST', '/api/v1/auth/login', { body: '{"email": ' }), 400);
    });

    it('wrong types, with the field named', async () => {
      const response = await call<{ errors: { field: string }[] } & Record<string, unknown>>(
        gateway,
        'POST',
        '/api/v1/auth/register',
        { body: { orgName: 42, name: ['x'], email: 'not-an-email', password: true } },
      );
      expectProblem(response, 400);
      expect(response.body.errors.map((error) => error.field)).toEqual(
        expect.arrayContaining(['orgName', 'name', 'email', 'password']),
      );
    });

    it('unknown fields', async () => {
      const response = await call<{ errors: { field: string }[] } & Record<string, unknown>>(
        gateway,
        'POST',
        '/api/v1/api-keys',
        { token: session.accessToken, body: { name: 'k', scopes: ['read'], isAdmin: true } },
      );
      expectProblem(response, 400);
      expect(response.body.errors).toEqual([expect.objectContaining({ field: 'isAdmin' })]);
    });

    it('a body over the limit', async () => {
      const response = await call(gateway, 'POST', '/api/v1/auth/login', {
        body: { email: 'a@example.com', password: 'x'.repeat(10_000) },
      });
      expectProblem(response, 413);
    });

    it('a body that is not JSON at all', async () => {
      const response = await call(gateway, 'POST', '/api/v1/auth/login', {
        body: 'email=a@example.com',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expectProblem(response, 415);
    });

    it('JSON that is not an object, deep nesting, prototype pollution', async () => {
      for (const body of [
        '[]',
        '"text"',
        '1',
        'null',
        '['.repeat(2000) + ']'.repeat(2000),
        '{"__proto__": {"admin": true}}',
      ]) {
        const response = await call(gateway, 'POST', '/api/v1/auth/login', { body });
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
        expect(response.headers.get('content-type')).toContain('application/problem+json');
      }
    });

    it('invalid UTF-8', async () => {
      const response = await gateway.fetch('/api/v1/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.from([0x7b, 0x22, 0x65, 0xff, 0xfe, 0x22, 0x3a, 0x31, 0x7d]),
      });
      expect(response.status).toBe(400);
      expect(response.headers.get('content-type')).toContain('application/problem+json');
    });

    it('an unknown route and a wrong method', async () => {
      expectProblem(
        await call(gateway, 'GET', '/api/v1/does-not-exist', { token: session.accessToken }),
        404,
      );
      const wrongMethod = await call(gateway, 'PUT', '/api/v1/auth/login', { body: {} });
      expect(wrongMethod.status).toBeGreaterThanOrEqual(400);
      expect(wrongMethod.status).toBeLessThan(500);
      expect(wrongMethod.headers.get('content-type')).toContain('application/problem+json');
    });
  });

  it('sends the security headers', async () => {
    const response = await gateway.fetch('/api/v1/auth/me');
    expect(response.headers.get('strict-transport-security')).toContain('max-age=31536000');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
    expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
  });

  it('allows CORS for listed origins only', async () => {
    const preflight = (origin: string) =>
      gateway.fetch('/api/v1/auth/me', {
        method: 'OPTIONS',
        headers: {
          origin,
          'access-control-request-method': 'GET',
          'access-control-request-headers': 'authorization',
        },
      });
    const allowed = await preflight('https://app.vantage.test');
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.vantage.test');
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('keeps CORS off the probes and the metrics scrape', async () => {
    for (const path of ['/health/live', '/health/ready', '/metrics']) {
      const response = await gateway.opsFetch(path, {
        headers: { origin: 'https://app.vantage.test' },
      });
      await response.arrayBuffer();
      expect({ path, allowOrigin: response.headers.get('access-control-allow-origin') }).toEqual({
        path,
        allowOrigin: null,
      });
      expect(response.headers.get('vary')).toBeNull();
    }
    const api = await gateway.fetch('/api/v1/auth/me', {
      headers: { origin: 'https://app.vantage.test' },
    });
    expect(api.headers.get('access-control-allow-origin')).toBe('https://app.vantage.test');
  });

  it('takes the client IP from X-Forwarded-For only through a trusted proxy', async () => {
    await call(gateway, 'POST', '/api/v1/auth/login', {
      body: { email: session.user.email, password: 'wrong password!!' },
      headers: { 'x-forwarded-for': '203.0.113.7' },
    });
    const audit = await call<{ items: { ip: string }[] }>(
      gateway,
      'GET',
      '/api/v1/audit?action=auth.login.failed',
      {
        token: session.accessToken,
      },
    );
    expect(audit.body.items[0]?.ip).toBe('203.0.113.7');
  });

  describe('OpenAPI', () => {
    let document: OpenApiDocument;

    beforeAll(async () => {
      document = (await (await gateway.fetch('/docs-json')).json()) as OpenApiDocument;
    });

    it('serves Swagger UI at /docs', async () => {
      const response = await gateway.fetch('/docs');
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger-ui');
    });

    it('documents no probe and no metrics path: the public port does not answer them', () => {
      expect(Object.keys(document.paths).filter((path) => !path.startsWith('/api/'))).toEqual([]);
    });

    it('declares both security schemes', () => {
      expect(document.openapi).toMatch(/^3\./);
      expect(Object.keys(document.components.securitySchemes).sort()).toEqual([
        'api-key',
        'bearer',
      ]);
    });

    it('documents every API route with a success answer, problem answers and its security', () => {
      const apiOperations = Object.entries(document.paths)
        .filter(([path]) => path.startsWith('/api/v1/'))
        .flatMap(([path, operations]) =>
          Object.entries(operations).map(([method, op]) => ({ path, method, op })),
        );
      expect(apiOperations.length).toBeGreaterThanOrEqual(15);
      for (const { path, method, op } of apiOperations) {
        const statuses = Object.keys(op.responses);
        const where = `${method.toUpperCase()} ${path}`;
        expect({ where, success: statuses.some((s) => s.startsWith('2')) }).toEqual({
          where,
          success: true,
        });
        expect({ where, problems: statuses.includes('400') && statuses.includes('429') }).toEqual({
          where,
          problems: true,
        });
        // Sign-up/sign-in, Stripe's webhook (authenticated by its signature instead), the
        // mailed links (unsubscribe, confirm an address) and the weekly report's preview link:
        // by their signed tokens.
        const isPublic =
          (path.startsWith('/api/v1/auth/') && !path.endsWith('/me')) ||
          path === '/api/v1/billing/webhooks/stripe' ||
          path === PREVIEW_LINK_PATH ||
          (MAIL_LINK_PATHS as readonly string[]).includes(path);
        expect({ where, secured: isPublic || (op.security?.length ?? 0) > 0 }).toEqual({
          where,
          secured: true,
        });
      }
    });
  });
});
