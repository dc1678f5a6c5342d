import {
  type MessageEnvelope,
  NotFoundError,
  pingPattern,
  type PingReply,
  ValidationFailedError,
} from '@vantage/contracts';
import { createLogger } from '@vantage/observability';
import { captureLogs, type LogCapture } from '@vantage/observability/testing';
import { startTestService } from '@vantage/service-runtime/testing';
import type { RedisStreamsContext, RedisStreamsServer } from '@vantage/transport';
import { startTestServer, waitUntil } from '@vantage/transport/testing';
import { ServiceRouter } from '../src/routing/service-router';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway, registerOrg, type Session } from './support/gateway-api';

const ROUTE_TIMEOUT_MS = 1000;
const TELEMETRY_TIMEOUT_MS = 400;
const FAILURE_THRESHOLD = 2;
const OPEN_MS = 1500;
const PROBLEM_JSON = 'application/problem+json';
const TEST_EVENT = 'telemetry.routing-test.noted.1';

type Behaviour = 'answer' | 'not-found' | 'invalid' | 'crash';

/**
 * A replica of telemetry as far as the gateway can tell: it answers telemetry's ping on the
 * gateway's transport prefix. What it answers is set per test; it records the envelopes it got.
 */
class TelemetryStandIn {
  behaviour: Behaviour = 'answer';
  readonly envelopes: MessageEnvelope[] = [];
  readonly events: unknown[] = [];
  readonly logs: LogCapture = captureLogs();
  private server?: RedisStreamsServer;
  private started = 0;

  constructor(private readonly gateway: Gateway) {}

  get instance(): string {
    return `telemetry-stand-in-${this.started}`;
  }

  async start(): Promise<void> {
    this.started += 1;
    const instance = this.instance;
    this.server = await startTestServer(
      {
        service: 'telemetry',
        prefix: this.gateway.config.TRANSPORT_PREFIX,
        redisUrl: this.gateway.config.REDIS_URL,
        consumerName: instance,
        logger: createLogger({ service: 'telemetry', destination: this.logs.destination }),
      },
      [
        {
          pattern: pingPattern('telemetry'),
          handler: (_data: unknown, context: RedisStreamsContext) => {
            this.envelopes.push(context.getEnvelope());
            return this.answer(instance);
          },
        },
        {
          pattern: TEST_EVENT,
          event: true,
          handler: (data: unknown) => {
            this.events.push(data);
          },
        },
      ],
    );
  }

  async stop(): Promise<void> {
    await this.server?.close();
    this.server = undefined;
  }

  private answer(instance: string): PingReply {
    switch (this.behaviour) {
      case 'answer':
        return { service: 'telemetry', instance, uptimeSeconds: 1 };
      case 'not-found':
        throw new NotFoundError('no such series');
      case 'invalid':
        throw new ValidationFailedError('the query is not valid', [
          { field: 'from', message: 'from must be before to' },
        ]);
      case 'crash':
        throw new Error('the telemetry stand-in crashed');
    }
  }
}

async function metricValue(gateway: Gateway, series: string): Promise<number> {
  const text = await (await gateway.opsFetch('/metrics')).text();
  const line = text.split('\n').find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.slice(series.length + 1));
}

describe('routing to services', () => {
  let gateway: Gateway;
  let owner: Session;
  let telemetry: TelemetryStandIn;

  const pingTelemetry = (headers: Record<string, string> = {}) =>
    call(gateway, 'GET', '/api/v1/system/services/telemetry/ping', {
      token: owner.accessToken,
      headers,
    });

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        ROUTE_TIMEOUT_MS: String(ROUTE_TIMEOUT_MS),
        ROUTE_TIMEOUTS: `telemetry=${TELEMETRY_TIMEOUT_MS}`,
        BREAKER_FAILURE_THRESHOLD: String(FAILURE_THRESHOLD),
        BREAKER_OPEN_MS: String(OPEN_MS),
      },
    });
    owner = await registerOrg(gateway);
    telemetry = new TelemetryStandIn(gateway);
    await telemetry.start();
  });

  afterEach(() => {
    telemetry.behaviour = 'answer';
  });

  afterAll(async () => {
    await telemetry?.stop();
    await gateway?.close();
  });

  it('routes a ping to the service and back, with the request id and org in the envelope', async () => {
    const response = await pingTelemetry({ 'x-request-id': 'routing-test-request-1' });

    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({
      service: 'telemetry',
      instance: telemetry.instance,
      uptimeSeconds: 1,
      roundTripMs: expect.any(Number),
      breaker: 'closed',
    });
    expect(telemetry.envelopes.at(-1)).toMatchObject({
      requestId: 'routing-test-request-1',
      orgId: owner.organization.id,
      actor: { kind: 'user', id: owner.user.id },
    });
  });

  it('emits events that the service receives, without waiting for it', async () => {
    const router = gateway.app.get(ServiceRouter);

    await router.emit('telemetry', TEST_EVENT, { note: 'via telemetry' });
    await router.emit(TEST_EVENT, { note: 'via any connection' });

    await waitUntil(() => telemetry.events.length === 2, 'both events to arrive');
    expect(telemetry.events).toEqual(
      expect.arrayContaining([{ note: 'via telemetry' }, { note: 'via any connection' }]),
    );
  });

  it('answers 404 problem+json for a service that does not exist', async () => {
    const response = await call(gateway, 'GET', '/api/v1/system/services/weather/ping', {
      token: owner.accessToken,
    });

    expect(response.status).toBe(404);
    expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(response.body).toMatchObject({ status: 404, code: 'NOT_FOUND' });
  });

  it('refuses the system API without a credential', async () => {
    const response = await call(gateway, 'GET', '/api/v1/system/services');

    expect(response.status).toBe(401);
  });

  it("passes the service's 404 and 400 through, and they do not open its breaker", async () => {
    telemetry.behaviour = 'not-found';
    const notFound = [];
    for (let attempt = 0; attempt <= FAILURE_THRESHOLD; attempt += 1) {
      notFound.push(await pingTelemetry());
    }
    telemetry.behaviour = 'invalid';
    const invalid = await pingTelemetry();

    for (const response of notFound) {
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
      expect(response.body).toMatchObject({ code: 'NOT_FOUND', detail: 'no such series' });
    }
    expect(invalid.status).toBe(400);
    expect(invalid.headers.get('content-type')).toContain(PROBLEM_JSON);
    expect(invalid.body).toMatchObject({
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'from', message: 'from must be before to' }],
    });
    expect(gateway.app.get(ServiceRouter).breakerState('telemetry')).toBe('closed');
  });

  it("keeps the service's crash a 500 carrying the errorId the service logged", async () => {
    telemetry.behaviour = 'crash';

    const response = await pingTelemetry();

    expect(response.status).toBe(500);
    expect(response.body).toMatchObject({ code: 'INTERNAL', detail: 'internal error' });
    const logged = telemetry.logs.find(
      (line) => line.msg === 'message handler failed' && line.level === 'error',
    );
    expect(logged?.['errorId']).toEqual(expect.any(String));
    expect(response.body['errorId']).toBe(logged?.['errorId']);
    expect(JSON.stringify(response.body)).not.toContain('stand-in crashed');
  });

  it('reports every service in the system API and in readiness', async () => {
    const services = await call<{ services: Array<Record<string, unknown>> }>(
      gateway,
      'GET',
      '/api/v1/system/services',
      { token: owner.accessToken },
    );
    const readiness = await gateway.opsFetch('/health/ready');

    expect(services.status).toBe(200);
    expect(services.body.services).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          service: 'telemetry',
          reachable: true,
          instance: telemetry.instance,
          breaker: 'closed',
        }),
        expect.objectContaining({
          service: 'billing',
          reachable: false,
          problem: 'the billing service did not answer in time; retry later',
        }),
      ]),
    );
    expect(services.body.services.map((entry) => entry['service']).sort()).toEqual([
      'billing',
      'reporting',
      'telemetry',
      'traffic-monitor',
    ]);
    // Only telemetry has a replica here: the gateway is not ready, and says which are missing.
    expect(readiness.status).toBe(503);
    const report: unknown = await readiness.json();
    expect(report).toMatchObject({
      details: {
        redis: { status: 'up' },
        mongo: { status: 'up' },
        telemetry: { status: 'up' },
        billing: { status: 'down', message: 'no answer' },
        reporting: { status: 'down' },
        'traffic-monitor': { status: 'down' },
      },
    });
    // Which replica answered is no business of a probe's.
    expect(JSON.stringify(report)).not.toContain(telemetry.instance);
  });

  it('names no message pattern, instance or transport detail in its 503 answers', async () => {
    // A message pattern reads `<service>.<noun>.<verb>.<version>`, e.g. telemetry.system.ping.1.
    const messagePattern = /\b[a-z][a-z-]*(\.[a-z][a-z-]*)+\.\d+\b/;
    await telemetry.stop();
    try {
      // The route's own timeout (400 ms) is shorter than readiness's 1 s deadline: the
      // transport's timeout error, which names the pattern, is what both see first.
      const routed = await pingTelemetry();
      // Readiness reuses a result for a second: wait for the one taken since telemetry stopped.
      let readinessBody: { details?: Record<string, { status?: string }> } = {};
      await waitUntil(async () => {
        const readiness = await gateway.opsFetch('/health/ready');
        readinessBody = (await readiness.json()) as typeof readinessBody;
        return readiness.status === 503 && readinessBody.details?.['telemetry']?.status === 'down';
      }, 'readiness to see telemetry down');

      expect(routed.status).toBe(503);
      for (const body of [routed.body, readinessBody]) {
        expect(JSON.stringify(body)).not.toMatch(messagePattern);
        expect(JSON.stringify(body)).not.toContain('replica');
      }
    } finally {
      await telemetry.start();
      await waitUntil(async () => (await pingTelemetry()).status === 200, 'telemetry back');
    }
  });

  it('answers 503 with Retry-After while the service is down, then recovers by itself', async () => {
    const router = gateway.app.get(ServiceRouter);
    const rejections = 'vantage_circuit_breaker_rejections_total{target="telemetry"}';
    expect((await pingTelemetry()).status).toBe(200);

    await telemetry.stop();
    const timedOut = [];
    for (let attempt = 0; attempt < FAILURE_THRESHOLD; attempt += 1) {
      timedOut.push(await pingTelemetry());
    }

    for (const response of timedOut) {
      expect(response.status).toBe(503);
      expect(response.headers.get('content-type')).toContain(PROBLEM_JSON);
      expect(response.body).toMatchObject({
        code: 'UNAVAILABLE',
        detail: 'the telemetry service did not answer in time; retry later',
      });
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    expect(router.breakerState('telemetry')).toBe('open');
    expect(await metricValue(gateway, 'vantage_circuit_breaker_state{target="telemetry"}')).toBe(2);

    // Open: refused without waiting for the service, until the open period ends.
    const rejectedBefore = await metricValue(gateway, rejections);
    const refused = await pingTelemetry();
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({
      code: 'UNAVAILABLE',
      detail: 'the telemetry service is unavailable; retry later',
    });
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(OPEN_MS / 1000));
    expect(await metricValue(gateway, rejections)).toBe(rejectedBefore + 1);

    await telemetry.start();
    let recovered: Awaited<ReturnType<typeof pingTelemetry>> | undefined;
    await waitUntil(async () => {
      recovered = await pingTelemetry();
      return recovered.status === 200;
    }, 'the telemetry route to recover');

    expect(recovered?.body).toMatchObject({ instance: telemetry.instance, breaker: 'closed' });
    expect(router.breakerState('telemetry')).toBe('closed');
    expect(await metricValue(gateway, 'vantage_circuit_breaker_state{target="telemetry"}')).toBe(0);
  });
});
