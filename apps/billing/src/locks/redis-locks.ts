import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { UnavailableError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { SERVICE_LOGGER } from '@vantage/service-runtime';
import Redis from 'ioredis';
import { BillingConfig } from '../config/billing.config';

/** Deletes the lock only if it is still ours (it may have expired and been taken meanwhile). */
const RELEASE_SCRIPT = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

const POLL_MS = 20;

/**
 * Short-lived locks in Redis shared by the billing replicas. MongoDB-compatible servers without
 * atomic conditional updates (FerretDB v1) cannot settle a race between two replicas on their
 * own: handling of one webhook event, and changes to one org's account, take a lock here first.
 * A lock expires by itself, so a replica that dies holding one blocks nobody for long.
 */
@Injectable()
export class RedisLocks implements OnApplicationShutdown {
  private readonly redis: Redis;
  private readonly prefix: string;

  constructor(config: BillingConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.prefix = `${config.TRANSPORT_PREFIX}:{billing-locks}`;
    this.redis = new Redis(config.REDIS_URL, {
      connectionName: 'billing:locks',
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', (error: Error) =>
      logger.debug({ err: error.message }, 'lock redis error'),
    );
  }

  /** The lock's token, or null when someone else holds it. */
  async tryAcquire(name: string, ttlMs: number): Promise<string | null> {
    const token = randomUUID();
    const won = await this.redis.set(this.key(name), token, 'PX', ttlMs, 'NX');
    return won === 'OK' ? token : null;
  }

  async release(name: string, token: string): Promise<void> {
    await this.redis.eval(RELEASE_SCRIPT, 1, this.key(name), token);
  }

  /** Runs `fn` holding the lock, waiting up to `waitMs` for it (then 503: try again later). */
  async withLock<T>(name: string, ttlMs: number, waitMs: number, fn: () => Promise<T>): Promise<T> {
    const deadline = Date.now() + waitMs;
    let token = await this.tryAcquire(name, ttlMs);
    while (token === null) {
      if (Date.now() > deadline) throw new UnavailableError(`${name} is busy; retry`, 1);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      token = await this.tryAcquire(name, ttlMs);
    }
    try {
      return await fn();
    } finally {
      await this.release(name, token).catch(() => undefined);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private key(name: string): string {
    return `${this.prefix}:${name}`;
  }
}
