import { Module } from '@nestjs/common';
import { BucketsModule } from '../buckets/buckets.module';
import { EventIdsModule } from '../event-ids/event-ids.module';
import { SeriesExportHandler } from './series-export.handler';

/** Event counts as series for the telemetry service (read-only transport patterns). */
@Module({
  imports: [BucketsModule, EventIdsModule],
  controllers: [SeriesExportHandler],
})
export class SeriesExportModule {}
