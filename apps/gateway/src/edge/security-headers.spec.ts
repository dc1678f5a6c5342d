import helmet from '@fastify/helmet';
import Fastify, { type FastifyInstance } from 'fastify';
import {
  installSecurityHeaders,
  SECURITY_HEADER_OPTIONS,
  securityHeadersOf,
} from './security-headers';

/** A real server (Fastify's inject cannot load under jest) with routes that end differently. */
async function serve(setUp: (app: FastifyInstance) => Promise<void>): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  await setUp(app);
  app.get('/ok', async () => ({ ok: true }));
  app.get('/fails', async () => {
    throw new Error('boom');
  });
  app.get('/own-frame-options', async (_request, reply) => {
    void reply.header('x-frame-options', 'SAMEORIGIN');
    return { ok: true };
  });
  await app.listen({ host: '127.0.0.1', port: 0 });
  return app;
}

/** Status and headers, less those that change per response. */
async function answerOf(app: FastifyInstance, path: string): Promise<Record<string, string>> {
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('not listening on TCP');
  const response = await fetch(`http://127.0.0.1:${address.port}${path}`);
  await response.arrayBuffer();
  const answer: Record<string, string> = { status: String(response.status) };
  for (const [name, value] of response.headers) {
    if (name !== 'date' && name !== 'keep-alive' && name !== 'connection') answer[name] = value;
  }
  return answer;
}

describe('security headers computed once', () => {
  let withPlugin: FastifyInstance;
  let precomputed: FastifyInstance;

  beforeAll(async () => {
    withPlugin = await serve(async (app) => {
      await app.register(helmet, SECURITY_HEADER_OPTIONS);
    });
    precomputed = await serve(async (app) => {
      installSecurityHeaders(app, securityHeadersOf(SECURITY_HEADER_OPTIONS));
    });
  });

  afterAll(async () => {
    await Promise.all([withPlugin?.close(), precomputed?.close()]);
  });

  it.each(['/ok', '/fails', '/no-such-route', '/own-frame-options'])(
    'answers %s with exactly what @fastify/helmet sends',
    async (path) => {
      const expected = await answerOf(withPlugin, path);
      expect(expected['strict-transport-security']).toBeDefined();
      expect(await answerOf(precomputed, path)).toEqual(expected);
    },
  );

  it('keeps HSTS, nosniff, frame DENY and the CSP', () => {
    const headers = securityHeadersOf(SECURITY_HEADER_OPTIONS);
    expect(headers).toMatchObject({
      'strict-transport-security': 'max-age=31536000; includeSubDomains',
      'x-content-type-options': 'nosniff',
      'x-frame-options': 'DENY',
      'cross-origin-resource-policy': 'same-site',
    });
    expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(headers['content-security-policy']).toContain("style-src 'self' 'unsafe-inline'");
  });
});
