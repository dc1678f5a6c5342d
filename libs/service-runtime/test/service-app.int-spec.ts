import { firstValueFrom } from 'rxjs';
import { ErrorPayload } from '@vantage/contracts';
import { RedisStreamsClient, TransportError } from '@vantage/transport';
import { startTestService, TestService } from '../src/testing';
import {
  CreateWidgetDto,
  WIDGET_CREATE_PATTERN,
  WIDGET_FAIL_PATTERN,
  widgetsService,
} from './fixtures';

describe('a service built by createServiceApp', () => {
  let service: TestService;
  let client: RedisStreamsClient;

  beforeAll(async () => {
    service = await startTestService(widgetsService);
    client = new RedisStreamsClient({
      redisUrl: service.config.REDIS_URL,
      service: 'reporting',
      prefix: service.config.TRANSPORT_PREFIX,
    });
  });

  afterAll(async () => {
    await client?.close();
    await service?.close();
  });

  beforeEach(() => service.logs.clear());

  const postWidget = (body: unknown, headers: Record<string, string> = {}) =>
    service.fetch('/widgets', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });

  const sendMessage = async (pattern: string, data: unknown): Promise<unknown> => {
    try {
      return await firstValueFrom(client.send(pattern, data));
    } catch (error) {
      return { failed: error instanceof TransportError ? error.payload : error };
    }
  };

  it('validates and transforms HTTP bodies into DTO instances', async () => {
    const response = await postWidget({ name: 'gauge', size: 3 });

    expect(response.status).toBe(201);
    expect(await response.json()).toEqual({ name: 'gauge', size: 3, kind: CreateWidgetDto.name });
  });

  it('refuses HTTP bodies with unknown or invalid fields', async () => {
    const unknownField = await postWidget({ name: 'gauge', size: 3, isAdmin: true });
    const invalid = await postWidget({ name: 'gauge', size: 0 });

    expect(unknownField.status).toBe(400);
    expect(invalid.status).toBe(400);
  });

  it('refuses a body with a lone surrogate as 400 problem+json, not a validator crash', async () => {
    const response = await service.fetch('/widgets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name":"\\ud800","size":3}',
    });

    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  });

  it('answers what Fastify and Node refuse before any route as problem+json', async () => {
    const badUrl = await service.fetch('/widgets/%ZZ');
    const hugeHeader = await service.fetch('/widgets', {
      headers: { 'x-padding': 'x'.repeat(20_000) },
    });

    for (const [response, status] of [
      [badUrl, 400],
      [hugeHeader, 431],
    ] as const) {
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(await response.json()).toMatchObject({ status, type: expect.any(String) });
    }
  });

  it('validates and transforms message payloads with the same rules', async () => {
    expect(await sendMessage(WIDGET_CREATE_PATTERN, { name: 'gauge', size: 2 })).toEqual({
      name: 'gauge',
      size: 2,
      kind: CreateWidgetDto.name,
    });
    expect(await sendMessage(WIDGET_CREATE_PATTERN, { name: 'gauge', size: 2, extra: 1 })).toEqual({
      failed: expect.objectContaining({ code: 'VALIDATION_FAILED', status: 400 }),
    });
  });

  it('answers an unexpected handler error with an errorId that is also logged', async () => {
    const result = (await sendMessage(WIDGET_FAIL_PATTERN, {})) as { failed: ErrorPayload };

    expect(result.failed).toMatchObject({ code: 'INTERNAL', status: 500, service: 'reporting' });
    expect(result.failed.errorId).toEqual(expect.any(String));
    expect(result.failed.message).not.toContain('disk on fire');
    expect(service.logs.find((line) => line['errorId'] === result.failed.errorId)).toBeDefined();
  });

  it('logs Nest logger lines and the completion line with the request id, never the Authorization header', async () => {
    await postWidget(
      { name: 'gauge', size: 5 },
      { 'x-request-id': 'req-widget-1', authorization: 'Bearer top-secret-token' },
    );

    expect(service.logs.find((line) => line.msg === 'widget created')).toMatchObject({
      requestId: 'req-widget-1',
      context: 'WidgetsController',
      size: 5,
      service: 'reporting',
    });
    expect(service.logs.find((line) => line.msg === 'request completed')).toMatchObject({
      requestId: 'req-widget-1',
      method: 'POST',
      route: '/widgets',
      status: 201,
    });
    expect(service.logs.raw.join('\n')).not.toContain('top-secret-token');
  });

  it('gives unknown routes a request id and one "unmatched" metric series', async () => {
    const response = await service.fetch(`/no/such/page/${Date.now()}`);
    const metrics = await (await service.opsFetch('/metrics')).text();

    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toEqual(expect.any(String));
    expect(metrics).toContain(
      'vantage_http_request_duration_seconds_count{method="GET",route="unmatched",status="404"}',
    );
    expect(metrics).not.toContain('/no/such/page');
  });

  it('exposes the default process metrics', async () => {
    const metrics = await (await service.opsFetch('/metrics')).text();

    expect(metrics).toContain('process_cpu_user_seconds_total');
    expect(metrics).toContain('nodejs_eventloop_lag_seconds');
  });
});
