import { Inject, Injectable } from '@nestjs/common';
import type { RedisClient } from '@vantage/transport';
import type { ForecastDto } from '@vantage/contracts';
import { TELEMETRY_REDIS } from '../samples/telemetry-redis';

/** A cached forecast lives this long at most; new data changes its key long before. */
const CACHE_TTL_SECONDS = 86_400;
const KEY_PREFIX = 'telemetry:forecast:';

/**
 * Forecasts in Redis, shared by every replica, keyed by what they were computed from (see
 * ForecastService), so new data simply misses. In one replica, identical requests that miss
 * together share one computation (single flight); across replicas at most one each.
 */
@Injectable()
export class ForecastCache {
  private readonly inFlight = new Map<string, Promise<ForecastDto>>();

  constructor(@Inject(TELEMETRY_REDIS) private readonly redis: RedisClient) {}

  async getOrCompute(key: string, compute: () => ForecastDto): Promise<ForecastDto> {
    const redisKey = KEY_PREFIX + key;
    const cached = await this.redis.get(redisKey);
    if (cached !== null) return JSON.parse(cached) as ForecastDto;
    const running = this.inFlight.get(key);
    if (running !== undefined) return running;
    const flight = (async () => {
      const forecast = compute();
      await this.redis.set(redisKey, JSON.stringify(forecast), 'EX', CACHE_TTL_SECONDS);
      return forecast;
    })();
    this.inFlight.set(key, flight);
    try {
      return await flight;
    } finally {
      this.inFlight.delete(key);
    }
  }
}
