import { Inject, Injectable, OnApplicationShutdown, Provider } from '@nestjs/common';
import { connectRedis, type RedisClient } from '@vantage/transport';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { PendingKeys } from './pending/pending-keys';

/** The Redis connection of bucket storage (pending counts, idempotency records, flush locks). */
export const BUCKETS_REDIS = Symbol('BUCKETS_REDIS');

export const bucketsRedisProvider: Provider = {
  provide: BUCKETS_REDIS,
  inject: [TrafficMonitorConfig, SERVICE_LOGGER],
  useFactory: (config: TrafficMonitorConfig, logger: Logger): RedisClient => {
    const redis = connectRedis(config.REDIS_URL, {
      connectionName: 'traffic-monitor:buckets',
      // Ingest answers within the gateway's deadline or not at all: fail fast while Redis is away
      // instead of queueing batches whose callers have given up.
      maxRetriesPerRequest: 2,
      enableAutoPipelining: true,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    });
    let reported = false;
    redis.on('error', (error: unknown) => {
      if (!reported) logger.warn({ err: error }, 'buckets redis unreachable; retrying');
      reported = true;
    });
    redis.on('ready', () => {
      reported = false;
    });
    return redis;
  },
};

export const pendingKeysProvider: Provider = {
  provide: PendingKeys,
  inject: [TrafficMonitorConfig],
  useFactory: (config: TrafficMonitorConfig) =>
    new PendingKeys(config.TRANSPORT_PREFIX, config.INGEST_SHARDS),
};

/** Closes the connection after the flusher has stopped (Nest shuts providers down in order). */
@Injectable()
export class BucketsRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(BUCKETS_REDIS) private readonly redis: RedisClient) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
