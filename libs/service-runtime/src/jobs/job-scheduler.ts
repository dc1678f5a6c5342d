import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { connectRedis, type RedisClient } from '@vantage/transport';
import type { Logger } from '@vantage/observability';
import { BaseServiceConfig } from '../config/base-service.config';
import { SERVICE_CONFIG, SERVICE_IDENTITY, SERVICE_LOGGER } from '../config/service-tokens';
import type { ServiceIdentity } from '../core/service-identity';
import { EXTEND_IF_OURS_SCRIPT, RELEASE_IF_OURS_SCRIPT } from '../locks/token-scripts';

interface ScheduledJob {
  readonly name: string;
  readonly intervalMs: number;
  readonly run: (period: number) => Promise<void>;
  timer?: NodeJS.Timeout;
  running?: Promise<void>;
}

/** Shortest running lease: how long a replica that died mid-run holds the job up at most. */
const MIN_RUNNING_LEASE_MS = 30_000;

/**
 * Periodic work that must happen once per period across all replicas of a service (retention,
 * alert evaluation, the weekly report): each period has a Redis lock, and only the replica that
 * takes it runs the job. A replica that dies mid-run loses that period; the next one runs.
 * A run that outlasts its period is not joined by another: the runner holds a renewed lease,
 * and a period that starts while it is held is skipped on every replica (two scans of one
 * store at once only make both slower, and race on the same records).
 * With Redis away, periods are skipped (and logged once) rather than run everywhere.
 */
@Injectable()
export class JobScheduler implements OnApplicationShutdown {
  private readonly jobs: ScheduledJob[] = [];
  private readonly redis: RedisClient;
  private stopped = false;
  private redisDownReported = false;

  constructor(
    @Inject(SERVICE_CONFIG) private readonly config: BaseServiceConfig,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {
    this.redis = connectRedis(config.REDIS_URL, {
      connectionName: `${identity.service}:jobs`,
      lazyConnect: true,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2000),
    });
    this.redis.on('error', () => undefined); // reported per skipped period instead
  }

  /**
   * Runs `run(period)` every `intervalMs`, at period boundaries (period = floor(now / interval)),
   * on exactly one replica. A run still going when the next period starts makes every replica
   * skip that period rather than overlap.
   */
  schedule(name: string, intervalMs: number, run: (period: number) => Promise<void>): void {
    const job: ScheduledJob = { name, intervalMs, run };
    this.jobs.push(job);
    this.arm(job);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    for (const job of this.jobs) clearTimeout(job.timer);
    await Promise.allSettled(this.jobs.map((job) => job.running));
    this.redis.disconnect();
  }

  private arm(job: ScheduledJob): void {
    if (this.stopped) return;
    const wait = job.intervalMs - (Date.now() % job.intervalMs);
    job.timer = setTimeout(() => this.tick(job, Math.floor(Date.now() / job.intervalMs)), wait);
    job.timer.unref();
  }

  private tick(job: ScheduledJob, period: number): void {
    this.arm(job);
    if (job.running) return;
    job.running = this.runIfLeader(job, period).finally(() => {
      job.running = undefined;
    });
  }

  private async runIfLeader(job: ScheduledJob, period: number): Promise<void> {
    const key = `${this.config.TRANSPORT_PREFIX}:{job:${this.identity.service}:${job.name}}:${period}`;
    let won: string | null;
    try {
      won = await this.redis.set(key, this.identity.instanceId, 'PX', job.intervalMs * 2, 'NX');
      this.redisDownReported = false;
    } catch (error) {
      if (!this.redisDownReported) {
        this.redisDownReported = true;
        this.logger.warn({ err: error, job: job.name }, 'scheduled job skipped: redis unreachable');
      }
      return;
    }
    if (won !== 'OK') return;
    const lease = await this.takeRunningLease(job);
    if (lease === null) {
      this.logger.debug({ job: job.name, period }, 'job skipped: a previous run is still going');
      return;
    }
    const started = Date.now();
    try {
      await job.run(period);
      this.logger.debug({ job: job.name, period, duration_ms: Date.now() - started }, 'job ran');
    } catch (error) {
      this.logger.error({ err: error, job: job.name, period }, 'scheduled job failed');
    } finally {
      await lease.end();
    }
  }

  /**
   * The lease that says a run of `job` is going, renewed while it runs; null when another run
   * holds it. Renewal failures are ignored: the lease then lapses, as it does for a replica that
   * died, and a later period runs elsewhere.
   */
  private async takeRunningLease(job: ScheduledJob): Promise<{ end: () => Promise<void> } | null> {
    const key = `${this.config.TRANSPORT_PREFIX}:{job:${this.identity.service}:${job.name}}:running`;
    const token = `${this.identity.instanceId}:${randomUUID()}`;
    const leaseMs = Math.max(job.intervalMs * 2, MIN_RUNNING_LEASE_MS);
    let taken: string | null;
    try {
      taken = await this.redis.set(key, token, 'PX', leaseMs, 'NX');
    } catch {
      return null; // Redis went away since the period was won: skip, as for the period.
    }
    if (taken !== 'OK') return null;
    const renewal = setInterval(() => {
      this.redis.eval(EXTEND_IF_OURS_SCRIPT, 1, key, token, leaseMs).catch(() => undefined);
    }, leaseMs / 3);
    renewal.unref();
    return {
      end: async () => {
        clearInterval(renewal);
        await this.redis.eval(RELEASE_IF_OURS_SCRIPT, 1, key, token).catch(() => undefined);
      },
    };
  }
}
