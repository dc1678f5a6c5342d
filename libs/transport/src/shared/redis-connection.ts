import type { RedisOptions } from 'ioredis';
import { Logger } from '@vantage/observability';
import { connectRedis, duplicateClient, type RedisClient } from './redis-client';

/**
 * Connections that outlive a Redis restart: commands wait in the offline queue instead of
 * failing after a fixed number of retries, because every caller of the transport already has
 * its own deadline.
 */
export function createRedisConnection(
  url: string,
  name: string,
  logger?: Logger,
  extra: RedisOptions = {},
): RedisClient {
  const connection = connectRedis(url, {
    connectionName: name,
    maxRetriesPerRequest: null,
    enableOfflineQueue: true,
    retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    // Commands issued in the same tick (acks, replies, appends) leave in one write.
    enableAutoPipelining: true,
    ...extra,
  });
  return logConnectionErrors(connection, name, logger);
}

/** A second connection with the same settings, e.g. for a blocking read. */
export function duplicateConnection(
  connection: RedisClient,
  name: string,
  logger?: Logger,
): RedisClient {
  // Blocking reads hold their connection; batching buys nothing there.
  const duplicate = duplicateClient(connection, {
    connectionName: name,
    enableAutoPipelining: false,
  });
  return logConnectionErrors(duplicate, name, logger);
}

/**
 * ioredis reports every failed reconnect as an 'error' event; unheard, it prints them raw to
 * stderr. One warning per outage is enough: the next one is logged after a successful connect.
 */
function logConnectionErrors(connection: RedisClient, name: string, logger?: Logger): RedisClient {
  let reported = false;
  connection.on('error', (error: unknown) => {
    if (reported) return;
    reported = true;
    logger?.warn({ connection: name, err: errorMessage(error) }, 'redis connection lost; retrying');
  });
  connection.on('ready', () => {
    if (reported) logger?.info({ connection: name }, 'redis connection restored');
    reported = false;
  });
  return connection;
}

/** Closes politely when Redis answers, at once when it does not (quit would wait for it). */
export async function closeConnection(connection: RedisClient | undefined): Promise<void> {
  if (!connection) return;
  if (connection.status !== 'ready') {
    connection.disconnect();
    return;
  }
  const timeout = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
  await Promise.race([connection.quit().then(() => undefined), timeout]).catch(() => undefined);
  connection.disconnect();
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
