import { randomBytes } from 'node:crypto';
import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { SERVICE_IDENTITY, SERVICE_LOGGER, type ServiceIdentity } from '@vantage/service-runtime';
import { connectRedis, type RedisClient } from '@vantage/transport';
import { ReportingConfig } from '../config/reporting.config';

/** Extends the lock only while it is still ours. */
const RENEW = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end`;
/** Releases the lock only while it is still ours: an expired lock taken over is not freed. */
const RELEASE = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A lock this replica holds: renewed in the background until released or lost. */
export interface HeldLock {
  /** True once a renewal found the lock gone (expired, or Redis lost it): stop working. */
  readonly lost: boolean;
  release(): Promise<void>;
}

/**
 * Redis locks per run (org + week for the weekly report): whoever holds one is the only
 * replica sending that run. Held with a token and a TTL renewed at a third of it, so a replica
 * that dies frees its runs within REPORT_LOCK_TTL_MS.
 */
@Injectable()
export class RunLocks implements OnApplicationShutdown {
  private readonly redis: RedisClient;

  constructor(
    private readonly config: ReportingConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.redis = connectRedis(config.REDIS_URL, {
      connectionName: `${identity.service}:run-locks`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', () => undefined); // an acquire or renewal failure says it
  }

  /** The lock, or null when another replica holds it. Throws when Redis cannot be reached. */
  async acquire(name: string): Promise<HeldLock | null> {
    const key = `${this.config.TRANSPORT_PREFIX}:{reporting:lock:${name}}`;
    const token = `${this.identity.instanceId}:${randomBytes(8).toString('hex')}`;
    const ttl = this.config.REPORT_LOCK_TTL_MS;
    const won = await this.redis.set(key, token, 'PX', ttl, 'NX');
    if (won !== 'OK') return null;

    const state = { lost: false, released: false };
    const renew = setInterval(
      () => {
        this.redis
          .eval(RENEW, 1, key, token, String(ttl))
          .then((renewed) => {
            if (renewed === 0 && !state.released) {
              state.lost = true;
              this.logger.warn(
                { lock: name },
                'run lock lost: another replica may take the run over',
              );
            }
          })
          .catch((error: unknown) => {
            this.logger.warn({ err: error, lock: name }, 'run lock renewal failed');
          });
      },
      Math.max(100, Math.floor(ttl / 3)),
    );
    renew.unref();

    return {
      get lost() {
        return state.lost;
      },
      release: async () => {
        state.released = true;
        clearInterval(renew);
        await this.redis.eval(RELEASE, 1, key, token).catch((error: unknown) => {
          // It expires on its own within the TTL.
          this.logger.warn({ err: error, lock: name }, 'run lock release failed');
        });
      },
    };
  }

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}
