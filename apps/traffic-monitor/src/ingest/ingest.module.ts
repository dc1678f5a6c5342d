import { Module } from '@nestjs/common';
import { BucketsModule } from '../buckets/buckets.module';
import { IngestHandler } from './ingest.handler';
import { IngestMetrics } from './ingest.metrics';
import { IngestService } from './ingest.service';

/** Traffic event ingestion (POST /api/v1/traffic/events through the gateway). */
@Module({
  imports: [BucketsModule],
  controllers: [IngestHandler],
  providers: [IngestService, IngestMetrics],
})
export class IngestModule {}
