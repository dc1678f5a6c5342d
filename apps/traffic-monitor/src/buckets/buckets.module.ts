import { Module } from '@nestjs/common';
import { MongooseModule } from '@nestjs/mongoose';
import { EventIdsModule } from '../event-ids/event-ids.module';
import { TrafficLiveModule } from '../live/traffic-live.module';
import { SeriesFeedModule } from '../series-feed/series-feed.module';
import { ActiveOrgsStore } from './active-orgs.store';
import { BucketFlusher } from './bucket-flusher';
import { BUCKET_RESOLUTIONS } from './bucket-query';
import { BucketReader } from './bucket-reader';
import { BucketRetentionJob } from './bucket-retention.job';
import { BucketRepository } from './bucket.repository';
import { BUCKET_COLLECTION, BUCKET_MODEL, TrafficBucketSchema } from './bucket.schema';
import { BucketsHandler } from './buckets.handler';
import { BucketsMetrics } from './buckets.metrics';
import {
  BUCKETS_REDIS,
  bucketsRedisProvider,
  BucketsRedisCloser,
  pendingKeysProvider,
} from './buckets-redis';
import { OrgTotalsBackfill } from './org-totals/org-totals-backfill';
import { OrgTotalsRepository } from './org-totals/org-totals.repository';
import { ORG_TOTALS_MODEL, OrgBucketTotalsSchema } from './org-totals/org-totals.schema';
import { PendingBucketStore } from './pending/pending-bucket.store';

/**
 * Stored traffic counts: minute, hour and day buckets per (org, event id, dimension set), in
 * MongoDB once flushed and in Redis until then. Feature modules import this module and inject
 * `BucketReader`; ingest writes through `PendingBucketStore`; tests and the bench call
 * `BucketFlusher.flushNow()` and `BucketRetentionJob.enforce()`.
 */
@Module({
  imports: [
    MongooseModule.forFeature(
      BUCKET_RESOLUTIONS.map((resolution) => ({
        name: BUCKET_MODEL[resolution],
        schema: TrafficBucketSchema,
        collection: BUCKET_COLLECTION[resolution],
      })),
    ),
    MongooseModule.forFeature([{ name: ORG_TOTALS_MODEL, schema: OrgBucketTotalsSchema }]),
    TrafficLiveModule,
    EventIdsModule,
    SeriesFeedModule,
  ],
  controllers: [BucketsHandler],
  providers: [
    bucketsRedisProvider,
    pendingKeysProvider,
    BucketsRedisCloser,
    BucketRepository,
    PendingBucketStore,
    BucketReader,
    BucketFlusher,
    BucketRetentionJob,
    BucketsMetrics,
    ActiveOrgsStore,
    OrgTotalsRepository,
    OrgTotalsBackfill,
  ],
  exports: [
    BUCKETS_REDIS,
    BucketReader,
    BucketRepository,
    PendingBucketStore,
    BucketFlusher,
    BucketRetentionJob,
    ActiveOrgsStore,
  ],
})
export class BucketsModule {}
