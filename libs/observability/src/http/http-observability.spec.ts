import { setTimeout as sleep } from 'node:timers/promises';
import fastify, { FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { currentContext } from '../context/request-context';
import { createLogger, Logger } from '../logging/create-logger';
import { captureLogs, LogCapture } from '../testing';
import { installHttpObservability } from './http-observability';

const UUID = /^[0-9a-f-]{36}$/;

describe('installHttpObservability', () => {
  let server: FastifyInstance;
  let capture: LogCapture;
  let registry: Registry;
  let baseUrl: string;

  beforeAll(async () => {
    capture = captureLogs();
    registry = new Registry();
    const logger: Logger = createLogger({ service: 'test', destination: capture.destination });
    server = fastify();
    installHttpObservability(server, { logger, registry });
    server.get('/things/:id', async () => {
      await sleep(5);
      logger.info('reading a thing');
      return { requestId: currentContext()?.requestId };
    });
    server.post('/things', async (request) => {
      await sleep(5);
      logger.info({ size: JSON.stringify(request.body).length }, 'storing a thing');
      return { requestId: currentContext()?.requestId };
    });
    server.get('/boom', async () => {
      throw new Error('kaboom');
    });
    server.get('/health/live', async () => ({ status: 'ok' }));
    baseUrl = await server.listen({ host: '127.0.0.1', port: 0 });
  });

  afterAll(async () => {
    await server.close();
  });

  beforeEach(() => capture.clear());

  it('keeps a sane x-request-id, echoes it and puts it on every log line of the request', async () => {
    const response = await fetch(`${baseUrl}/things/17`, {
      headers: { 'x-request-id': 'req-abc' },
    });

    expect(response.headers.get('x-request-id')).toBe('req-abc');
    expect(await response.json()).toEqual({ requestId: 'req-abc' });
    expect(capture.find((line) => line.msg === 'reading a thing')).toMatchObject({
      requestId: 'req-abc',
    });
  });

  it('keeps the request context after the body is parsed', async () => {
    const response = await fetch(`${baseUrl}/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'req-body' },
      body: JSON.stringify({ name: 'x'.repeat(200_000) }),
    });

    expect(await response.json()).toEqual({ requestId: 'req-body' });
    expect(capture.find((line) => line.msg === 'storing a thing')).toMatchObject({
      requestId: 'req-body',
    });
  });

  it('replaces an unsafe x-request-id with a fresh UUID', async () => {
    const response = await fetch(`${baseUrl}/things/1`, {
      headers: { 'x-request-id': 'bad id with spaces' },
    });

    const echoed = response.headers.get('x-request-id') ?? '';
    expect(echoed).toMatch(UUID);
    expect(await response.json()).toEqual({ requestId: echoed });
  });

  it('logs one completion line with the route template, status and duration', async () => {
    await fetch(`${baseUrl}/things/99?secret=1`, { headers: { 'x-request-id': 'req-done' } });

    const completed = capture.filter((line) => line.msg === 'request completed');
    expect(completed).toHaveLength(1);
    expect(completed[0]).toMatchObject({
      requestId: 'req-done',
      method: 'GET',
      route: '/things/:id',
      status: 200,
    });
    expect(completed[0]?.['duration_ms']).toEqual(expect.any(Number));
    expect(capture.raw.join('\n')).not.toContain('secret=1');
  });

  it('counts requests by route template, labels unknown routes as unmatched and covers errors', async () => {
    await fetch(`${baseUrl}/things/1`);
    await fetch(`${baseUrl}/things/2`);
    const notFound = await fetch(`${baseUrl}/no/such/route/${Date.now()}`);
    const failed = await fetch(`${baseUrl}/boom`);

    expect(notFound.status).toBe(404);
    expect(notFound.headers.get('x-request-id')).toMatch(UUID);
    expect(failed.status).toBe(500);
    const text = await registry.metrics();
    expect(text).toMatch(
      /vantage_http_request_duration_seconds_count\{method="GET",route="\/things\/:id",status="200"\} \d+/,
    );
    expect(text).toContain(
      'vantage_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"} 1',
    );
    expect(text).toContain(
      'vantage_http_request_duration_seconds_count{method="GET",route="/boom",status="500"} 1',
    );
    expect(text).not.toContain('/no/such/route');
    expect(capture.find((line) => line.msg === 'request failed')).toMatchObject({
      route: '/boom',
      status: 500,
    });
  });

  it('never logs the Authorization header', async () => {
    await fetch(`${baseUrl}/things/5`, { headers: { authorization: 'Bearer very-secret-token' } });

    expect(capture.raw.length).toBeGreaterThan(0);
    expect(capture.raw.join('\n')).not.toContain('very-secret-token');
  });

  it('logs probe requests at debug level only', async () => {
    await fetch(`${baseUrl}/health/live`);

    expect(capture.find((line) => line['route'] === '/health/live')).toBeUndefined();
  });
});
