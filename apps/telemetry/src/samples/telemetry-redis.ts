import { Inject, Injectable, type OnApplicationShutdown, type Provider } from '@nestjs/common';
import { connectRedis, type RedisClient } from '@vantage/transport';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';

/** The telemetry service's own Redis connection (ingest idempotency records). */
export const TELEMETRY_REDIS = Symbol('TELEMETRY_REDIS');

export const telemetryRedisProvider: Provider = {
  provide: TELEMETRY_REDIS,
  inject: [TelemetryConfig, SERVICE_LOGGER],
  useFactory: (config: TelemetryConfig, logger: Logger): RedisClient => {
    const redis = connectRedis(config.REDIS_URL, {
      connectionName: 'telemetry:samples',
      // Answer within the gateway's deadline or not at all while Redis is away.
      maxRetriesPerRequest: 2,
      retryStrategy: (attempt) => Math.min(100 * attempt, 2000),
    });
    let reported = false;
    redis.on('error', (error: unknown) => {
      if (!reported) logger.warn({ err: error }, 'telemetry redis unreachable; retrying');
      reported = true;
    });
    redis.on('ready', () => {
      reported = false;
    });
    return redis;
  },
};

@Injectable()
export class TelemetryRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(TELEMETRY_REDIS) private readonly redis: RedisClient) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
