import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, MongooseHealthIndicator } from '@nestjs/terminus';
import { RedisHealthIndicator } from '@vantage/observability';
import { HealthRedisClient } from './health-redis-client';

const PING_TIMEOUT_MS = 1500;

/** Liveness says the process answers; readiness says it can do its work (Redis and MongoDB up). */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongooseHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly redisClient: HealthRedisClient,
  ) {}

  @Get('live')
  @HealthCheck()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('ready')
  @HealthCheck()
  ready() {
    return this.health.check([
      this.redis.pingCheck('redis', { client: this.redisClient.redis, timeoutMs: PING_TIMEOUT_MS }),
      this.mongo.pingCheck('mongo').withTimeout(PING_TIMEOUT_MS),
    ]);
  }
}
