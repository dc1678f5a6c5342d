import { OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { RedisClient } from '@vantage/transport';
import type { Result } from 'ioredis';
import type { Logger } from '@vantage/observability';
import { closeFailFastRedis, createFailFastRedis, redisReady } from './fail-fast-redis';
import { FIXED_WINDOW_SCRIPT, fixedWindowKeys } from './fixed-window.script';
/** How long boot waits for the store, so the first requests are counted; Redis down boots anyway. */
const STARTUP_WAIT_MS = 3000;

declare module 'ioredis' {
  interface RedisCommander<Context> {
    rateLimitFixedWindow(
      counterKey: string,
      blockKey: string,
      windowMs: number,
      limit: number,
      blockMs: number,
    ): Result<[number, number, number, number], Context>;
  }
}

export interface RedisThrottlerStorageOptions {
  readonly redisUrl: string;
  /** The deployment's TRANSPORT_PREFIX. */
  readonly prefix: string;
  readonly logger?: Logger;
  readonly commandTimeoutMs?: number;
  /**
   * A fail-fast connection (createFailFastRedis) to count on, shared with the gateway's other
   * per-request counters so that their commands of one tick leave in one write; its owner closes
   * it. Without one, the storage opens and closes its own.
   */
  readonly connection?: RedisClient;
}

/**
 * Rate-limit counters in Redis, shared by every gateway replica (see fixed-window.script.ts).
 * A failure to reach Redis is thrown to the caller: the guard decides to let the request pass.
 */
export class RedisThrottlerStorage
  implements ThrottlerStorage, OnModuleInit, OnApplicationShutdown
{
  private readonly redis: RedisClient;
  private readonly ownsConnection: boolean;

  constructor(private readonly options: RedisThrottlerStorageOptions) {
    // The guard reports outages (once each) and lets requests through meanwhile.
    this.ownsConnection = options.connection === undefined;
    this.redis =
      options.connection ??
      createFailFastRedis(
        options.redisUrl,
        'gateway:rate-limit',
        options.logger,
        options.commandTimeoutMs,
      );
    this.redis.defineCommand('rateLimitFixedWindow', {
      numberOfKeys: 2,
      lua: FIXED_WINDOW_SCRIPT,
    });
  }

  /** The connection the counters go through. */
  get connection(): RedisClient {
    return this.redis;
  }

  async onModuleInit(): Promise<void> {
    // A shared connection's owner waits for it (SecurityStore): a second wait would only add
    // STARTUP_WAIT_MS to a start while Redis is down.
    if (this.ownsConnection) await this.ready(STARTUP_WAIT_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.close();
  }

  /** Resolves when connected, or after `timeoutMs` whatever the state (Redis may be down). */
  ready(timeoutMs: number): Promise<boolean> {
    return redisReady(this.redis, timeoutMs);
  }

  /**
   * Counts one request against `key`. `ttl` and `blockDuration` are in milliseconds (throttler's
   * units); the record's times are in whole seconds, rounded up, as throttler expects. The
   * throttler's name is already part of `key` (RateLimitPolicy.keyOf).
   */
  async increment(
    key: string,
    ttl: number,
    limit: number,
    blockDuration: number,
    _throttlerName?: string,
  ): Promise<ThrottlerStorageRecord> {
    const [counterKey, blockKey] = fixedWindowKeys(this.options.prefix, key);
    const [hits, windowLeftMs, blocked, blockLeftMs] = await this.redis.rateLimitFixedWindow(
      counterKey,
      blockKey,
      Math.max(1, Math.ceil(ttl)),
      limit,
      Math.max(0, Math.ceil(blockDuration)),
    );
    return {
      totalHits: hits,
      timeToExpire: Math.ceil(windowLeftMs / 1000),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.ceil(blockLeftMs / 1000),
    };
  }

  close(): Promise<void> {
    return this.ownsConnection ? closeFailFastRedis(this.redis) : Promise.resolve();
  }
}

/** What one count returns (throttler's record type, which its package does not export). */
export type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;
