import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { MessageHandler } from '@nestjs/microservices';
import { RedisStreamsServer } from '../server/redis-streams.server';
import { RedisStreamsClient } from '../client/redis-streams.client';
import { RedisStreamsClientOptions, RedisStreamsServerOptions } from '../shared/transport-options';
import { connectRedis, mastersOf, type RedisClient } from '../shared/redis-client';

/** The Redis the test run was given (jest global setup starts one when none is). */
export function testRedisUrl(): string {
  const url = process.env['REDIS_URL'];
  if (!url)
    throw new Error('REDIS_URL is not set: run tests through jest (global setup) or set it');
  return url;
}

/** A connection to the test run's Redis: a Cluster when the run was given one (jest.cluster). */
export function testRedis(): RedisClient {
  return connectRedis(testRedisUrl());
}

/** KEYS on every master: on a cluster each node knows only the keys of its own slots. */
export async function keysOnEveryMaster(redis: RedisClient, pattern: string): Promise<string[]> {
  const perNode = await Promise.all(mastersOf(redis).map((node) => node.keys(pattern)));
  return perNode.flat();
}

/** A key namespace of the test file's own, so test files never see each other's streams. */
export function testPrefix(testPath: string = expect.getState().testPath ?? 'test'): string {
  const name = path.basename(testPath).replace(/\.(int-)?spec\.ts$/, '');
  return `t-${name}-${randomBytes(3).toString('hex')}`;
}

export interface HandlerSpec {
  readonly pattern: string;
  readonly handler: (data: never, context: never) => unknown;
  readonly event?: boolean;
  readonly broadcast?: boolean;
}

/** A server with plain-function handlers, listening: the same path Nest's decorators take. */
export async function startTestServer(
  options: Partial<RedisStreamsServerOptions> & { service: string; prefix: string },
  handlers: readonly HandlerSpec[],
): Promise<RedisStreamsServer> {
  const server = new RedisStreamsServer({
    redisUrl: testRedisUrl(),
    claimIdleMs: 1000,
    ...options,
  });
  for (const spec of handlers) {
    server.addHandler(
      spec.pattern,
      spec.handler as unknown as MessageHandler,
      spec.event ?? false,
      spec.broadcast ? { broadcast: true } : {},
    );
  }
  await new Promise<void>((resolve, reject) =>
    server.listen((error?: unknown) => (error ? reject(error) : resolve())),
  );
  return server;
}

export async function connectTestClient(
  options: Partial<RedisStreamsClientOptions> & { service: string; prefix: string },
): Promise<RedisStreamsClient> {
  const client = new RedisStreamsClient({ redisUrl: testRedisUrl(), ...options });
  await client.connect();
  return client;
}

/** Polls until `predicate` holds; fails with `what` after `timeoutMs`. */
export async function waitUntil(
  predicate: () => boolean | Promise<boolean>,
  what: string,
  timeoutMs = 15_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
