import { Injectable } from '@nestjs/common';
import { HealthCheckAttempt, HealthIndicatorService } from '@nestjs/terminus';
import type { Cluster, Redis } from 'ioredis';

export interface RedisPingCheckOptions {
  /** One server or a Redis Cluster (PING goes to one of its nodes). */
  readonly client: Redis | Cluster;
  /** Readiness must answer fast when Redis is gone, not wait for reconnection. */
  readonly timeoutMs?: number;
}

export const DEFAULT_REDIS_PING_TIMEOUT_MS = 1000;

/** Terminus indicator: up when Redis answers PING with PONG within the timeout. */
@Injectable()
export class RedisHealthIndicator {
  constructor(private readonly health: HealthIndicatorService) {}

  pingCheck<const Key extends string>(
    key: Key,
    options: RedisPingCheckOptions,
  ): HealthCheckAttempt<Key> {
    return this.health
      .check(key)
      .attempt(async () => {
        const reply = await options.client.ping();
        if (reply !== 'PONG') throw new Error(`unexpected PING reply ${JSON.stringify(reply)}`);
      })
      .withTimeout(options.timeoutMs ?? DEFAULT_REDIS_PING_TIMEOUT_MS);
  }
}
