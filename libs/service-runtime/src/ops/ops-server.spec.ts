import Fastify, { type FastifyInstance } from 'fastify';
import { Registry } from 'prom-client';
import { createLogger, installHttpObservability } from '@vantage/observability';
import { captureLogs } from '@vantage/observability/testing';
import { OpsServer } from './ops-server';

describe('the ops server', () => {
  const capture = captureLogs();
  const registry = new Registry();
  const logger = createLogger({
    service: 'test',
    level: 'debug',
    destination: capture.destination,
  });
  let app: FastifyInstance;
  let opsUrl: string;
  let appRouteCalls: number;

  beforeAll(async () => {
    appRouteCalls = 0;
    app = Fastify({ logger: false });
    const recordRequest = installHttpObservability(app, { logger, registry });
    const ops = OpsServer.attachTo(app, { recordRequest });
    // The app's own probe routes, as HealthController and the metrics controller stand.
    app.get('/health/live', async () => {
      appRouteCalls += 1;
      return { status: 'ok' };
    });
    app.get('/health/ready', async () => {
      appRouteCalls += 1;
      return { status: 'ok', from: 'app' };
    });
    await app.ready();
    opsUrl = await ops.listen('127.0.0.1', 0);
  });

  afterAll(async () => {
    await app?.close();
  });

  beforeEach(() => capture.clear());

  it('answers GET /health/live itself, without a second pass through the app', async () => {
    const response = await fetch(`${opsUrl}/health/live?probe=1`, {
      headers: { 'x-request-id': 'probe-7' },
    });

    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-cache, no-store, must-revalidate');
    expect(appRouteCalls).toBe(0);
  });

  it('still counts the probe in the histogram and logs it at debug level with a request id', async () => {
    await (await fetch(`${opsUrl}/health/live`, { headers: { 'x-request-id': 'probe-8' } })).text();
    await (await fetch(`${opsUrl}/health/live`, { method: 'HEAD' })).text();

    const metrics = await registry.metrics();
    expect(metrics).toMatch(
      /vantage_http_request_duration_seconds_count\{method="GET",route="\/health\/live",status="200"\} [1-9]/,
    );
    expect(metrics).toMatch(
      /vantage_http_request_duration_seconds_count\{method="HEAD",route="\/health\/live",status="200"\} 1/,
    );
    expect(capture.find((line) => line.requestId === 'probe-8')).toMatchObject({
      level: 'debug',
      msg: 'request completed',
      method: 'GET',
      route: '/health/live',
      status: 200,
    });
  });

  it('relays the other probes to the app', async () => {
    const before = appRouteCalls;
    const response = await fetch(`${opsUrl}/health/ready`);

    expect(await response.json()).toEqual({ status: 'ok', from: 'app' });
    expect(appRouteCalls - before).toBe(1);
  });
});
