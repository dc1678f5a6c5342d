import { ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import Redis from 'ioredis';
import { register } from 'prom-client';
import { freePort } from '@vantage/observability/testing';
import { startTestService } from '@vantage/service-runtime/testing';
import { waitUntil } from '@vantage/transport/testing';
import { gatewayService } from '../src/service-definition';
import { call, type Gateway } from './support/gateway-api';

const ANONYMOUS_LIMIT = 3;

describe('rate limits while Redis is unreachable', () => {
  let gateway: Gateway;

  beforeAll(async () => {
    gateway = await startTestService(gatewayService, {
      env: {
        REDIS_URL: `redis://127.0.0.1:${await freePort()}`,
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: String(ANONYMOUS_LIMIT),
      },
      waitForTransport: false,
    });
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('lets requests through unthrottled instead of failing them, counting each store error', async () => {
    const errorsBefore = await storeErrors();

    const statuses: number[] = [];
    for (let i = 0; i < ANONYMOUS_LIMIT + 3; i++) {
      const response = await call(gateway, 'POST', '/api/v1/auth/login', { body: {} });
      statuses.push(response.status);
      expect(response.headers.get('x-ratelimit-limit')).toBeNull();
    }

    // Validation answers, as it would with Redis up: neither 429 nor 5xx.
    expect(statuses).toEqual(new Array(ANONYMOUS_LIMIT + 3).fill(400));
    expect(await storeErrors()).toBe(errorsBefore + ANONYMOUS_LIMIT + 3);
  });

  it('warns once for the outage, not once per request', () => {
    const warnings = gateway.logs.filter((line) =>
      Boolean(line.msg?.startsWith('rate-limit store unreachable')),
    );
    expect(warnings).toHaveLength(1);
    expect(warnings[0]?.level).toBe('warn');
  });
});

describe('rate limits through a Redis outage', () => {
  let port: number;
  let redis: ChildProcess | undefined;
  let gateway: Gateway;
  let nextAddress = 0;
  const anonymousCall = () =>
    call(gateway, 'POST', '/api/v1/auth/login', {
      body: {},
      headers: { 'x-forwarded-for': `203.0.113.${++nextAddress}` },
    });

  beforeAll(async () => {
    port = await freePort();
    redis = await startRedis(port);
    gateway = await startTestService(gatewayService, {
      env: { REDIS_URL: `redis://127.0.0.1:${port}`, TRUSTED_PROXIES: '127.0.0.1' },
    });
  });

  afterAll(async () => {
    await gateway?.close();
    await stopRedis(redis);
  });

  it('passes requests unthrottled while Redis is away and throttles again once it is back', async () => {
    expect((await anonymousCall()).headers.get('x-ratelimit-limit')).not.toBeNull();

    await stopRedis(redis);
    const during = [await anonymousCall(), await anonymousCall()];
    expect(during.map((response) => response.status)).toEqual([400, 400]);
    expect(during.map((response) => response.headers.get('x-ratelimit-limit'))).toEqual([
      null,
      null,
    ]);

    redis = await startRedis(port);
    await waitUntil(
      async () => (await anonymousCall()).headers.get('x-ratelimit-limit') !== null,
      'requests to be throttled again',
      20_000,
    );

    const messages = gateway.logs.lines.map((line) => line.msg);
    expect(messages.filter((msg) => msg?.startsWith('rate-limit store unreachable'))).toHaveLength(
      1,
    );
    expect(messages).toContain('rate-limit store reachable again: requests are throttled');
  });
});

/** A Redis of this test's own, which it can stop and start again on the same port. */
async function startRedis(port: number): Promise<ChildProcess> {
  const server = spawn(
    process.env['REDIS_SERVER_BIN'] ?? 'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const probe = new Redis(port, '127.0.0.1', { lazyConnect: true, retryStrategy: () => 50 });
  await waitUntil(
    async () => (await probe.ping().catch(() => '')) === 'PONG',
    'redis to start',
    10_000,
  );
  probe.disconnect();
  return server;
}

async function stopRedis(server: ChildProcess | undefined): Promise<void> {
  if (!server || server.exitCode !== null || server.signalCode !== null) return;
  const exited = once(server, 'exit');
  server.kill('SIGKILL');
  await exited;
}

/** The gateway runs in this process, so its counters are in prom-client's default registry. */
async function storeErrors(): Promise<number> {
  const metric = await register.getSingleMetric('vantage_rate_limit_store_errors_total')?.get();
  return metric?.values[0]?.value ?? 0;
}
