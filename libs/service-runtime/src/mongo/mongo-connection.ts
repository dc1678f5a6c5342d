import { MongooseModuleOptions } from '@nestjs/mongoose';
import type { Logger } from '@vantage/observability';
import { ConnectOptions, Connection } from 'mongoose';

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
  // 'disconnecting' is only emitted by close(): a shutdown, not an outage.
  for (const event of ['disconnecting', 'close']) {
    connection.on(event, () => {
      closed = true;
      clearTimeout(retry);
    });
  }
  watch(connection.asPromise());
  return connection;
}
