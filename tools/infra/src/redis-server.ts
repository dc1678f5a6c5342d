import Redis from 'ioredis';
import path from 'node:path';
import type { InfraPaths } from './paths';
import { spawnDetached, type DetachedServer } from './processes';
import { readServiceAclRules, servicePasswordsIn, writeRedisAclFile } from './redis-acl';

export const REDIS_PROGRAM = 'redis-server';

/** What the local Redis may hold unless REDIS_MAXMEMORY says otherwise. */
export const DEFAULT_REDIS_MAXMEMORY = '512mb';

/**
 * Throwaway cache/bus for dev and tests: loopback only, nothing written to disk. Bounded like
 * production: at `maxmemory` it refuses writes (noeviction) rather than evicting keys, since an
 * evicted stream or idempotency marker would lose or repeat a message silently.
 */
export function redisServerArgs(
  port: number,
  maxmemory = DEFAULT_REDIS_MAXMEMORY,
  aclFile?: string,
): string[] {
  return [
    ...(aclFile ? ['--aclfile', aclFile] : []),
    '--maxmemory',
    maxmemory,
    '--maxmemory-policy',
    'noeviction',
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

/**
 * Every app gets its own user (limited to its keys and commands, as in production, for
 * TRANSPORT_PREFIX `vantage`: `npm start` installs them anew for another prefix); the default
 * user stays open without a password on this loopback-only server, for tools and tests.
 */
export function startRedisServer(
  binary: string,
  port: number,
  maxmemory: string,
  paths: InfraPaths,
): DetachedServer {
  const rules = readServiceAclRules();
  writeRedisAclFile(paths.redisAclFile, {
    rules,
    passwords: servicePasswordsIn(paths.redisPasswordsFile, rules.keys()),
  });
  return spawnDetached(binary, redisServerArgs(port, maxmemory, paths.redisAclFile), {
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
