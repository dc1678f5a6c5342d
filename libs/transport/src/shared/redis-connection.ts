import Redis, { RedisOptions } from 'ioredis';

/**
 * Connections that outlive a Redis restart: commands wait in the offline queue instead of
 * failing after a fixed number of retries, because every caller of the transport already has
 * its own deadline.
 */
export function createRedisConnection(url: string, name: string, extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    ...extra,
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
