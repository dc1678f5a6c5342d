// What the benchmark and the peer replica share about Nest's stock Redis transport.
import type { RedisOptions } from '@nestjs/microservices';
import { ClientRedis } from '@nestjs/microservices';

type NestRedisOptions = NonNullable<RedisOptions['options']>;

/** Nest's Redis transport takes ioredis fields, not a URL. */
export function nestRedisOptions(redisUrl: string): NestRedisOptions {
  const url = new URL(redisUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 6379),
    ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
    ...(url.password ? { password: decodeURIComponent(url.password) } : {}),
    retryAttempts: 3,
    retryDelay: 100,
  };
}

/** Pub/sub channels are global to a Redis: a name of this run's own keeps runs apart. */
export function nestEchoPattern(prefix: string): string {
  return `${prefix}.echo`;
}

export function nestRedisClient(redisUrl: string): ClientRedis {
  return new ClientRedis(nestRedisOptions(redisUrl));
}
