import { MongooseModuleOptions } from '@nestjs/mongoose';
import type { Logger } from '@vantage/observability';
import mongoose, { ConnectOptions, Connection } from 'mongoose';

/** Short, so /health/ready fails fast instead of hanging while MongoDB is away. */
const SERVER_SELECTION_TIMEOUT_MS = 2000;
const HEARTBEAT_FREQUENCY_MS = 2000;
const RETRY_DELAY_MS = 2000;
/**
 * Bounded well under FerretDB's 100 SQLite connections per database: with its SQLite backend, more
 * concurrent operations than that on one database while a collection is being created deadlock
 * the whole server (seen under a benchmark with several clients). Queue in the driver instead.
 */
const MAX_POOL_SIZE = 20;
/**
 * No operation waits on a socket longer than this: the driver then closes that connection, which
 * also makes the server drop whatever the operation held. A server that hangs (FerretDB after a
 * restart under load was seen to) thus costs a failed request, not a replica that never answers.
 */
const SOCKET_TIMEOUT_MS = 30_000;
/**
 * The driver reconnects by itself once the server is back; yet after a FerretDB restart one
 * replica's client was seen to stay disconnected for good ("Topology is closed"). A connection
 * that has been down this long while the others came back is closed and opened afresh.
 */
const REOPEN_AFTER_MS = 10_000;
const WATCHDOG_INTERVAL_MS = 2000;

export interface MongoConnectionSettings {
  readonly url: string;
  readonly dbName: string;
  readonly logger: Logger;
}

/**
 * Mongoose options for a service that must boot and keep running without MongoDB: the connection
 * is opened in the background, and a failed first connection is retried until it succeeds (once
 * connected, the driver itself reconnects). Readiness reports the outage meanwhile.
 */
export function mongooseModuleOptions(settings: MongoConnectionSettings): MongooseModuleOptions {
  hardenMongooseQueries();
  const connectOptions: ConnectOptions = {
    dbName: settings.dbName,
    serverSelectionTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    connectTimeoutMS: SERVER_SELECTION_TIMEOUT_MS,
    heartbeatFrequencyMS: HEARTBEAT_FREQUENCY_MS,
    maxPoolSize: MAX_POOL_SIZE,
    socketTimeoutMS: SOCKET_TIMEOUT_MS,
  };
  return {
    ...connectOptions,
    lazyConnection: true,
    connectionFactory: (connection: Connection) =>
      superviseConnection(connection, settings, connectOptions),
  };
}

/**
 * Process-wide, for every model of the service. sanitizeFilter: a `$`-object in a filter is
 * taken as a value to compare (`{ $eq: ... }`), so a request's `{"$ne": null}` never becomes an
 * operator; operators the code writes itself are wrapped in `trusted()` from mongoose (queries
 * on the driver's collections, `Model.collection`, are not filtered). strictQuery 'throw': a
 * filter on a path the schema lacks is an error, not silently dropped (dropping it would widen
 * a delete or an update to more documents).
 */
export function hardenMongooseQueries(): void {
  mongoose.set('sanitizeFilter', true);
  mongoose.set('strictQuery', 'throw');
}

function superviseConnection(
  connection: Connection,
  settings: MongoConnectionSettings,
  connectOptions: ConnectOptions,
): Connection {
  const { logger } = settings;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;
  let failures = 0;
  let connected = false;
  let reopening = false;
  let downSince: number | null = null;

  const watch = (opening: Promise<unknown>): void => {
    opening.then(
      () => {
        failures = 0;
      },
      (error: unknown) => {
        if (closed) return;
        failures += 1;
        // The first failure and then one in ten: an outage should not flood the logs.
        if (failures === 1 || failures % 10 === 0) {
          logger.warn({ err: error, attempt: failures }, 'mongodb unreachable, retrying');
        }
        retry = setTimeout(() => {
          if (!closed) watch(connection.openUri(settings.url, { ...connectOptions }));
        }, RETRY_DELAY_MS);
        retry.unref();
      },
    );
  };

  // A listener for 'error' also tells mongoose the first connection's failure is handled.
  connection.on('error', (error: unknown) => logger.debug({ err: error }, 'mongodb error'));
  connection.on('connected', () => {
    connected = true;
    logger.info({ db: settings.dbName }, 'mongodb connected');
  });
  // Also emitted after each failed first attempt; only a lost connection is news.
  connection.on('disconnected', () => {
    if (connected && !closed) logger.warn({ db: settings.dbName }, 'mongodb disconnected');
    connected = false;
  });
  // 'disconnecting' is only emitted by close(): a shutdown, not an outage (unless the watchdog
  // below is reopening the connection itself).
  for (const event of ['disconnecting', 'close']) {
    connection.on(event, () => {
      if (reopening) return;
      closed = true;
      clearTimeout(retry);
      clearInterval(watchdog);
    });
  }
  const watchdog = setInterval(() => {
    // failures > 0: the retry loop above is at work already.
    if (closed || reopening || failures > 0) return;
    // 1: connected, 2: connecting; 0 (disconnected) and 3 (disconnecting) count as down.
    const up = connection.readyState === 1 || connection.readyState === 2;
    if (up) {
      downSince = null;
      return;
    }
    downSince ??= Date.now();
    if (Date.now() - downSince < REOPEN_AFTER_MS) return;
    downSince = null;
    reopening = true;
    logger.warn({ db: settings.dbName }, 'mongodb still disconnected; reopening the connection');
    // Not close(true): mongoose marks a force-closed connection for good ($wasForceClosed), and
    // every later query fails with "Connection was force closed" even after openUri succeeds.
    connection
      .close()
      .catch(() => undefined)
      .then(
        () => {
          reopening = false;
          if (!closed) watch(connection.openUri(settings.url, { ...connectOptions }));
        },
        () => undefined,
      );
  }, WATCHDOG_INTERVAL_MS);
  watchdog.unref();
  watch(connection.asPromise());
  return connection;
}
