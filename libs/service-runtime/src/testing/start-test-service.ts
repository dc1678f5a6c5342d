import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { BaseServiceConfig } from '../config/base-service.config';
import { EnvSource } from '../config/load-config';
import { createServiceApp, ServiceApp, ServiceDefinition } from '../bootstrap/create-service-app';
import { captureLogs, LogCapture } from '@vantage/observability/testing';
import { requiredTestEnv, testDatabaseName, testTransportPrefix } from './test-names';

export interface StartTestServiceOptions {
  /** Variables that replace the test defaults, e.g. a REDIS_URL pointing at a closed port. */
  readonly env?: EnvSource;
  /** Names the database and key prefix; the current jest test file when absent. */
  readonly testFile?: string;
  /** Wait until the message transport listens (default); off when Redis is meant to be down. */
  readonly waitForTransport?: boolean;
  /** Wait until MongoDB is connected (default); off when it is meant to be down. */
  readonly waitForMongo?: boolean;
}

export interface TestService<
  C extends BaseServiceConfig = BaseServiceConfig,
> extends ServiceApp<C> {
  readonly logs: LogCapture;
  /** GET/POST against the app's public port: `service.fetch('/api/v1/...')`. */
  fetch(path: string, init?: RequestInit): Promise<Response>;
  /** Against the ops port, where probes and metrics answer: `service.opsFetch('/metrics')`. */
  opsFetch(path: string, init?: RequestInit): Promise<Response>;
  close(): Promise<void>;
}

/**
 * Boots a real service on a free port against the test Redis and MongoDB, with its own database
 * and key prefix, logs captured instead of printed.
 */
export async function startTestService<C extends BaseServiceConfig>(
  definition: ServiceDefinition<C>,
  options: StartTestServiceOptions = {},
): Promise<TestService<C>> {
  const testFile = options.testFile ?? expect.getState().testPath ?? 'test';
  const logs = captureLogs();
  const env: EnvSource = {
    NODE_ENV: 'test',
    LOG_LEVEL: 'debug',
    HTTP_HOST: '127.0.0.1',
    REDIS_URL: options.env?.['REDIS_URL'] ?? requiredTestEnv('REDIS_URL'),
    MONGO_URL: options.env?.['MONGO_URL'] ?? requiredTestEnv('MONGO_URL'),
    MONGO_DB: testDatabaseName(testFile),
    TRANSPORT_PREFIX: testTransportPrefix(testFile),
    ...options.env,
  };
  const started = await createServiceApp({
    ...definition,
    env,
    port: 0,
    opsPort: 0,
    logDestination: logs.destination,
    shutdownHooks: false,
  });
  if (options.waitForTransport ?? true) await started.transportStarted;
  if (options.waitForMongo ?? true)
    await mongoConnected(started.app.get<Connection>(getConnectionToken()));
  return {
    ...started,
    logs,
    fetch: (path, init) => fetch(`${started.url}${path}`, init),
    opsFetch: (path, init) => fetch(`${started.opsUrl}${path}`, init),
    close: () => started.app.close(),
  };
}

/** The service connects to MongoDB in the background; tests that need it wait for it. */
async function mongoConnected(connection: Connection, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (connection.readyState !== 1) {
    if (Date.now() > deadline) throw new Error(`MongoDB not connected after ${timeoutMs}ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
