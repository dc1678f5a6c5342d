import Fastify, { type FastifyInstance } from 'fastify';
import { answerLivenessEarly } from './liveness-fast-path';

describe('the early liveness answer', () => {
  let app: FastifyInstance;
  let baseUrl: string;
  let routeCalls: number;

  beforeAll(async () => {
    routeCalls = 0;
    app = Fastify({ logger: false });
    answerLivenessEarly(app);
    // Stand for the Nest routes behind it: reached by everything the early answer leaves alone.
    const route = async (): Promise<{ from: string }> => {
      routeCalls += 1;
      return { from: 'route' };
    };
    app.get('/health/live', route);
    app.post('/health/live', route);
    app.get('/health/ready', route);
    baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await app?.close();
  });

  it('answers GET /health/live as HealthController.live does, before the route', async () => {
    const response = await fetch(`${baseUrl}/health/live?probe=1`);

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(routeCalls).toBe(0);
  });

  it('leaves other methods and paths to their routes', async () => {
    const statuses = [];
    for (const [method, path] of [
      ['HEAD', '/health/live'],
      ['POST', '/health/live'],
      ['GET', '/health/ready'],
    ] as const) {
      const response = await fetch(`${baseUrl}${path}`, { method });
      await response.arrayBuffer();
      statuses.push(response.status);
    }

    expect(statuses).toEqual([200, 200, 200]);
    expect(routeCalls).toBe(3);
  });
});
