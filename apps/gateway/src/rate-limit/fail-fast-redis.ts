import { connectRedis, type RedisClient } from '@vantage/transport';
import type { Logger } from '@vantage/observability';

/** How long a request waits for a gateway counter in Redis before it goes on without it. */
export const FAIL_FAST_COMMAND_TIMEOUT_MS = 500;

/**
 * A Redis connection for per-request counters (rate limits, failed authentications, WebSocket
 * caps): commands fail at once while Redis is away instead of queueing, so a request never waits
 * for it; the caller decides what an outage means (the gateway lets requests through).
 */
export function createFailFastRedis(
  redisUrl: string,
  connectionName: string,
  logger?: Logger,
  commandTimeoutMs = FAIL_FAST_COMMAND_TIMEOUT_MS,
): RedisClient {
  const redis = connectRedis(redisUrl, {
    connectionName,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: commandTimeoutMs,
    // Every request runs a counter script: those issued in one tick go out as one write.
    enableAutoPipelining: true,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
  });
  // Callers report outages (once each); this only keeps ioredis from printing every retry.
  redis.on('error', (error: unknown) =>
    logger?.debug({ err: error, connection: connectionName }, 'redis connection error'),
  );
  return redis;
}

/** Resolves when connected, or after `timeoutMs` whatever the state (Redis may be down). */
export function redisReady(redis: RedisClient, timeoutMs: number): Promise<boolean> {
  if (redis.status === 'ready') return Promise.resolve(true);
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => {
      redis.off('ready', onReady);
      resolve(false);
    }, timeoutMs);
    timer.unref();
    const onReady = (): void => {
      clearTimeout(timer);
      resolve(true);
    };
    redis.once('ready', onReady);
  });
}

/** Quits politely when Redis answers, at once when it does not. */
export async function closeFailFastRedis(redis: RedisClient): Promise<void> {
  if (redis.status === 'end') return;
  if (redis.status !== 'ready') {
    redis.disconnect();
    return;
  }
  await redis.quit().catch(() => redis.disconnect());
}
