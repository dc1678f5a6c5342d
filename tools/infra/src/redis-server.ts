import Redis from 'ioredis';
import path from 'node:path';
import type { InfraPaths } from './paths';
import { spawnDetached, type DetachedServer } from './processes';

export const REDIS_PROGRAM = 'redis-server';

/** Throwaway cache/bus for dev and tests: loopback only, nothing written to disk. */
export function redisServerArgs(port: number): string[] {
  return [
    '--bind',
    '127.0.0.1',
    '--port',
    String(port),
    '--save',
    '',
    '--appendonly',
    'no',
    '--daemonize',
    'no',
  ];
}

export function startRedisServer(binary: string, port: number, paths: InfraPaths): DetachedServer {
  return spawnDetached(binary, redisServerArgs(port), {
    // redis-server may still drop files (e.g. on SHUTDOWN SAVE) into its working directory.
    cwd: paths.redisDir,
    logFile: path.join(paths.logsDir, 'redis-server.log'),
  });
}

/** PING through ioredis rather than a raw socket so REDIS_URL may carry a password, a db index or rediss://. */
export async function pingRedis(url: string, timeoutMs = 2000): Promise<boolean> {
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Without a listener ioredis prints "Unhandled error event" for every refused connection;
  // keeping the error also beats connect()'s uninformative "Connection is closed.".
  let socketError: Error | null = null;
  client.on('error', (error: Error) => {
    socketError = error;
  });
  try {
    await client.connect().catch((error: unknown) => {
      throw socketError ?? error;
    });
    return (await client.ping()) === 'PONG';
  } finally {
    client.disconnect();
  }
}
