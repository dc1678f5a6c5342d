import { Module } from '@nestjs/common';
import { BucketsModule } from '../buckets/buckets.module';
import { SeriesExportHandler } from './series-export.handler';

/** Event counts as series for the telemetry service (read-only transport patterns). */
@Module({
  imports: [BucketsModule],
  controllers: [SeriesExportHandler],
})
export class SeriesExportModule {}
