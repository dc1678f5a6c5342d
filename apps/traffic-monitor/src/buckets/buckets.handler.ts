import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { type BucketFlushResultDto, TRAFFIC_BUCKETS_FLUSH_PATTERN } from '@vantage/contracts';
import { BucketFlusher } from './bucket-flusher';

/**
 * Internal transport entry point (no gateway route): drains every pending bucket to MongoDB,
 * for every organisation, before INGEST_SHARDS changes and in the ingest benchmark.
 */
@Controller()
export class BucketsHandler {
  constructor(private readonly flusher: BucketFlusher) {}

  @MessagePattern(TRAFFIC_BUCKETS_FLUSH_PATTERN)
  flush(): Promise<BucketFlushResultDto> {
    return this.flusher.flushNow();
  }
}
