import { requiredTestEnv, startTestService, TestService } from '../src/testing';
import { closedPort, TcpForwarder, widgetsService } from './fixtures';

interface Readiness {
  readonly status: number;
  readonly body: Record<string, unknown>;
}

async function readiness(service: TestService): Promise<Readiness> {
  const response = await service.opsFetch('/health/ready');
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function readinessOnceStatus(service: TestService, status: number): Promise<Readiness> {
  const deadline = Date.now() + 15_000;
  let last = await readiness(service);
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    last = await readiness(service);
  }
  return last;
}

/** A forwarder to the test server, initially stopped: the dependency is "down" until started. */
async function stoppedForwarderTo(url: string, defaultPort: number): Promise<TcpForwarder> {
  const target = new URL(url);
  return new TcpForwarder(await closedPort(), {
    host: target.hostname,
    port: Number(target.port || defaultPort),
  });
}

describe('readiness', () => {
  it('answers 503 within seconds while Redis is unreachable, and 200 once it is back', async () => {
    const redis = await stoppedForwarderTo(requiredTestEnv('REDIS_URL'), 6379);
    const service = await startTestService(widgetsService, {
      env: { REDIS_URL: `redis://127.0.0.1:${redis.port}` },
      waitForTransport: false,
    });
    try {
      const started = Date.now();
      const down = await readiness(service);

      expect(Date.now() - started).toBeLessThan(3000);
      expect(down).toMatchObject({
        status: 503,
        body: { status: 'error', details: { redis: { status: 'down' }, mongo: { status: 'up' } } },
      });
      expect((await service.opsFetch('/health/live')).status).toBe(200);

      await redis.start();
      expect((await readinessOnceStatus(service, 200)).status).toBe(200);
      await service.transportStarted;
    } finally {
      await redis.start();
      await service.close();
      await redis.stop();
    }
  });

  it('boots without MongoDB, reports it down, and becomes ready when it comes back', async () => {
    const mongo = await stoppedForwarderTo(requiredTestEnv('MONGO_URL'), 27017);
    const service = await startTestService(widgetsService, {
      env: { MONGO_URL: `mongodb://127.0.0.1:${mongo.port}` },
      waitForMongo: false,
    });
    try {
      const down = await readiness(service);
      expect(down).toMatchObject({
        status: 503,
        body: { details: { mongo: { status: 'down' }, redis: { status: 'up' } } },
      });

      await mongo.start();

      expect((await readinessOnceStatus(service, 200)).status).toBe(200);
    } finally {
      await service.close();
      await mongo.stop();
    }
  });
});
