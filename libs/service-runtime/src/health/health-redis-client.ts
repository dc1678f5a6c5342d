import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { connectRedis, type RedisClient } from '@vantage/transport';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG, SERVICE_IDENTITY, SERVICE_LOGGER } from '../config/service-tokens';
import type { ServiceIdentity } from '../core/service-identity';

/**
 * The Redis connection readiness pings. Its own connection, tuned to fail fast (one retry per
 * command, short connect timeout) where the transport's connections wait out an outage.
 */
@Injectable()
export class HealthRedisClient implements OnApplicationShutdown {
  readonly redis: RedisClient;
  private reportedDown = false;

  constructor(
    @Inject(SERVICE_CONFIG) config: BaseServiceConfig,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) logger: Logger,
  ) {
    this.redis = connectRedis(config.REDIS_URL, {
      connectionName: `${identity.service}:health`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      connectTimeout: 1000,
      disconnectTimeout: 200,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (error: Error) => {
      if (this.reportedDown) return;
      this.reportedDown = true;
      logger.warn({ err: error }, 'redis unreachable from the health client');
    });
    this.redis.on('ready', () => {
      this.reportedDown = false;
    });
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
