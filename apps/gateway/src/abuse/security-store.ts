import { Inject, Injectable, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { Result } from 'ioredis';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import { gatewayKey, type RedisClient } from '@vantage/transport';
import { GatewayConfig } from '../config/gateway.config';
import { closeFailFastRedis, createFailFastRedis, redisReady } from '../rate-limit/fail-fast-redis';
import { ACCOUNT_FAILURE_SCRIPT, LEASE_ACQUIRE_SCRIPT, LEASE_RENEW_SCRIPT } from './abuse.scripts';

const STARTUP_WAIT_MS = 3000;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    accountFailure(
      counterKey: string,
      lockKey: string,
      windowMs: number,
      limit: number,
      firstLockMs: number,
      maxLockMs: number,
    ): Result<number, Context>;
    leaseAcquire(
      setKey: string,
      nowMs: number,
      leaseId: string,
      expiresAtMs: number,
      cap: number,
    ): Result<number, Context>;
    leaseRenew(setKey: string, leaseId: string, expiresAtMs: number): Result<number, Context>;
  }
}

/**
 * The Redis of the gateway's abuse counters (failed authentications, revoked access tokens,
 * WebSocket caps), shared by every replica. Calls fail fast; an outage is reported once and the
 * callers let traffic through meanwhile, as the rate limiter does.
 */
@Injectable()
export class SecurityStore implements OnModuleInit, OnApplicationShutdown {
  readonly redis: RedisClient;
  private down = false;

  constructor(
    private readonly config: GatewayConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    // The rate limiter counts on this connection too (RedisThrottlerStorage's `connection`).
    this.redis = createFailFastRedis(config.REDIS_URL, 'gateway:counters', logger);
    this.redis.defineCommand('accountFailure', { numberOfKeys: 2, lua: ACCOUNT_FAILURE_SCRIPT });
    this.redis.defineCommand('leaseAcquire', { numberOfKeys: 1, lua: LEASE_ACQUIRE_SCRIPT });
    this.redis.defineCommand('leaseRenew', { numberOfKeys: 1, lua: LEASE_RENEW_SCRIPT });
  }

  /** A gateway key of this deployment (TRANSPORT_PREFIX), its `tag` the Redis Cluster hash tag. */
  key(tag: string, suffix = ''): string {
    return gatewayKey(this.config.TRANSPORT_PREFIX, tag, suffix);
  }

  /** Runs a counter command; on an outage answers `fallback` (fail open) and says so once. */
  async run<T>(command: (redis: RedisClient) => Promise<T>, fallback: T): Promise<T> {
    try {
      const result = await command(this.redis);
      if (this.down) {
        this.down = false;
        this.logger.info('security counters reachable again');
      }
      return result;
    } catch (error) {
      if (!this.down) {
        this.down = true;
        this.logger.warn({ err: error }, 'security counters unreachable: checks pass meanwhile');
      }
      return fallback;
    }
  }

  async onModuleInit(): Promise<void> {
    await redisReady(this.redis, STARTUP_WAIT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await closeFailFastRedis(this.redis);
  }
}
