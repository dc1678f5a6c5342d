import { randomUUID } from 'node:crypto';
import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { UnavailableError } from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { connectRedis, type RedisClient } from '@vantage/transport';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG, SERVICE_IDENTITY, SERVICE_LOGGER } from '../config/service-tokens';
import type { ServiceIdentity } from '../core/service-identity';
import { EXTEND_IF_OURS_SCRIPT, RELEASE_IF_OURS_SCRIPT } from './token-scripts';

const POLL_MS = 20;

/**
 * A TTL for locks that cover MongoDB calls: longer than the driver's 30 s socket timeout (plus
 * server selection), so a holder whose call is merely slow under load has not lost its lock
 * when the call returns. A holder that died blocks others this long at most (503, retry).
 */
export const MONGO_WORK_LOCK_TTL_MS = 60_000;

/** Held while `withLock` runs its function. */
export interface LockLease {
  /**
   * Confirms the lock is still ours and gives it its full TTL again; throws (503) if it was
   * lost. Call it right before the write the lock protects, after any slow step.
   */
  confirm(): Promise<void>;
}

/**
 * Short-lived locks in Redis shared by the replicas of a service (SET NX PX with a random token,
 * released by compare-and-delete).
 *
 * Why locks and not conditional writes: FerretDB v1 runs an update or findAndModify as a read
 * followed by a write by `_id` with no transaction between them (internal/handler
 * msg_findandmodify.go, backends/sqlite UpdateAll), so `findOneAndUpdate({_id, n: {$gt: 1}},
 * {$inc: {n: -1}})` from two replicas can both pass the filter, and `$inc` itself can lose an
 * update. Only an insert of an `_id` or unique key is atomic there. So every check-then-write on
 * shared state (the last owner, a count under a cap) runs under a lock here.
 *
 * Fencing: the store cannot compare a fencing token for the same reason, so a holder stalled
 * past its TTL is kept from writing by `LockLease.confirm()` before its write instead, and TTLs
 * are far longer than the work they cover (MongoDB and Redis calls with their own timeouts).
 */
@Injectable()
export class RedisLocks implements OnApplicationShutdown {
  private readonly redis: RedisClient;
  private readonly prefix: string;

  constructor(
    @Inject(SERVICE_CONFIG) config: BaseServiceConfig,
    @Inject(SERVICE_IDENTITY) identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) logger: Logger,
  ) {
    this.prefix = `${config.TRANSPORT_PREFIX}:lock:${identity.service}`;
    this.redis = connectRedis(config.REDIS_URL, {
      connectionName: `${identity.service}:locks`,
      lazyConnect: true,
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
    await this.redis.eval(RELEASE_IF_OURS_SCRIPT, 1, this.key(name), token);
  }

  /**
   * Runs `fn` holding the lock, waiting up to `waitMs` for it (then 503: try again later).
   * Redis being unreachable is a 503 too: without the lock the write is not safe to make.
   */
  async withLock<T>(
    name: string,
    ttlMs: number,
    waitMs: number,
    fn: (lease: LockLease) => Promise<T>,
  ): Promise<T> {
    const deadline = Date.now() + waitMs;
    let token = await this.acquireOrUnavailable(name, ttlMs);
    while (token === null) {
      if (Date.now() > deadline) throw new UnavailableError(`${name} is busy; retry`, 1);
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      token = await this.acquireOrUnavailable(name, ttlMs);
    }
    const held = token;
    const lease: LockLease = {
      confirm: async () => {
        let kept: unknown;
        try {
          kept = await this.redis.eval(EXTEND_IF_OURS_SCRIPT, 1, this.key(name), held, ttlMs);
        } catch {
          throw lockStoreUnreachable();
        }
        if (kept !== 1) throw new UnavailableError(`${name} was held too long; retry`, 1);
      },
    };
    try {
      return await fn(lease);
    } finally {
      await this.release(name, held).catch(() => undefined);
    }
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }

  private async acquireOrUnavailable(name: string, ttlMs: number): Promise<string | null> {
    try {
      return await this.tryAcquire(name, ttlMs);
    } catch {
      throw lockStoreUnreachable();
    }
  }

  private key(name: string): string {
    return `${this.prefix}:{${name}}`;
  }
}

function lockStoreUnreachable(): UnavailableError {
  return new UnavailableError('the lock store (Redis) is unreachable; retry shortly', 5);
}
