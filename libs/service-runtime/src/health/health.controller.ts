import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { HealthCheck, HealthCheckResult, HealthCheckService } from '@nestjs/terminus';
import type { FastifyReply } from 'fastify';
import { RedisHealthIndicator } from '@vantage/observability';
import { HealthRedisClient } from './health-redis-client';
import { MongoReadiness } from './mongo-readiness';
import { READINESS_CONTRIBUTOR, ReadinessContributor } from './readiness-contributor';

const PING_TIMEOUT_MS = 1500;

/**
 * Liveness says the process answers; readiness says it can do its work: Redis and MongoDB up,
 * plus whatever the app's ReadinessContributor checks.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly mongo: MongoReadiness,
    private readonly redis: RedisHealthIndicator,
    private readonly redisClient: HealthRedisClient,
    private readonly moduleRef: ModuleRef,
  ) {}

  private contributor?: ReadinessContributor | null;

  @Get('live')
  @HealthCheck()
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  /**
   * 503 keeps terminus's report (which check is down, and why) as the body: it is a probe's
   * answer, not an error of the caller's, so it does not go through the problem+json filter.
   */
  @Get('ready')
  @HealthCheck()
  async ready(@Res({ passthrough: true }) reply: FastifyReply): Promise<HealthCheckResult> {
    try {
      return await this.health.check([
        this.redis.pingCheck('redis', {
          client: this.redisClient.redis,
          timeoutMs: PING_TIMEOUT_MS,
        }),
        this.mongo.pingCheck('mongo', PING_TIMEOUT_MS),
        ...(this.readinessContributor()?.readinessChecks() ?? []),
      ]);
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      void reply.status(error.getStatus());
      return error.getResponse() as HealthCheckResult;
    }
  }

  /** Looked up once, across modules: the contributor lives in the app, not in the core module. */
  private readinessContributor(): ReadinessContributor | null {
    if (this.contributor === undefined) {
      try {
        this.contributor = this.moduleRef.get<ReadinessContributor>(READINESS_CONTRIBUTOR, {
          strict: false,
        });
      } catch {
        this.contributor = null;
      }
    }
    return this.contributor;
  }
}
