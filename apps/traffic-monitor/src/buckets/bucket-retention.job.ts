import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import { JobScheduler, SERVICE_LOGGER } from '@vantage/service-runtime';
import { TrafficMonitorConfig } from '../config/traffic-monitor.config';
import { BUCKET_RESOLUTIONS, BucketResolution, RESOLUTION_MS } from './bucket-query';
import { BucketRepository } from './bucket.repository';
import { OrgTotalsRepository } from './org-totals/org-totals.repository';

const DAY_MS = RESOLUTION_MS.day;

/**
 * Deletes buckets past their resolution's retention, once per RETENTION_JOB_INTERVAL_MS across
 * replicas (FerretDB has no TTL indexes, so expiry is ours). A bucket is expired when it
 * started before `now - retention days`; ingest refuses events older than the minute retention,
 * so nothing pending in Redis is older than what this keeps.
 */
@Injectable()
export class BucketRetentionJob implements OnModuleInit {
  constructor(
    private readonly repository: BucketRepository,
    private readonly orgTotals: OrgTotalsRepository,
    private readonly scheduler: JobScheduler,
    private readonly config: TrafficMonitorConfig,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onModuleInit(): void {
    this.scheduler.schedule('bucket-retention', this.config.RETENTION_JOB_INTERVAL_MS, async () => {
      await this.enforce();
    });
  }

  /** Deletes what has expired by `now`; answers how many buckets per resolution. */
  async enforce(now = new Date()): Promise<Record<BucketResolution, number>> {
    const deleted = { minute: 0, hour: 0, day: 0 };
    for (const resolution of BUCKET_RESOLUTIONS) {
      const cutoff = this.cutoff(resolution, now);
      deleted[resolution] = await this.repository.deleteStartedBefore(resolution, cutoff);
      // The dashboard's per-org totals of those buckets go with them.
      await this.orgTotals.deleteStartedBefore(resolution, cutoff);
    }
    this.logger.info({ deleted }, 'expired traffic buckets deleted');
    return deleted;
  }

  /** The oldest bucket start still kept at `now`. */
  cutoff(resolution: BucketResolution, now: Date): Date {
    const days: Record<BucketResolution, number> = {
      minute: this.config.RETENTION_MINUTE_DAYS,
      hour: this.config.RETENTION_HOUR_DAYS,
      day: this.config.RETENTION_DAY_DAYS,
    };
    return new Date(now.getTime() - days[resolution] * DAY_MS);
  }
}
