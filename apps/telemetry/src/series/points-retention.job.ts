import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TelemetryConfig } from '../config/telemetry.config';
import { PointsRepository } from './points.repository';
import type { PointsResolution } from './points.schema';

const DAY_MS = 86_400_000;

/**
 * Deletes points past their resolution's retention, once per RETENTION_JOB_INTERVAL_MS across
 * replicas (FerretDB has no TTL indexes, so expiry is ours). Ingest refuses samples older than
 * the minute retention, so nothing written is older than what this keeps.
 */
@Injectable()
export class PointsRetentionJob implements OnModuleInit {
  constructor(
    private readonly repository: PointsRepository,
    private readonly scheduler: JobScheduler,
    private readonly config: TelemetryConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.scheduler.schedule('points-retention', this.config.RETENTION_JOB_INTERVAL_MS, async () => {
      await this.enforce();
    });
  }

  /** Deletes what has expired by `now`; answers how many buckets per resolution. */
  async enforce(now = new Date()): Promise<Record<PointsResolution, number>> {
    const deleted = {
      minute: await this.repository.deleteStartedBefore('minute', this.cutoff('minute', now)),
      hour: await this.repository.deleteStartedBefore('hour', this.cutoff('hour', now)),
    };
    this.logger.info({ deleted }, 'expired telemetry points deleted');
    return deleted;
  }

  /** The oldest bucket start still kept at `now`. */
  cutoff(resolution: PointsResolution, now: Date): Date {
    const days =
      resolution === 'minute' ? this.config.RETENTION_MINUTE_DAYS : this.config.RETENTION_HOUR_DAYS;
    return new Date(now.getTime() - days * DAY_MS);
  }
}
