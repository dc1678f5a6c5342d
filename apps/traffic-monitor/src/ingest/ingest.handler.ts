import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  IngestEventsMessage,
  type IngestResultDto,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { IngestService } from './ingest.service';

/** Transport entry point of ingestion; the org comes from the envelope, never the payload. */
@Controller()
export class IngestHandler {
  constructor(private readonly ingest: IngestService) {}

  @MessagePattern(TRAFFIC_INGEST_PATTERN)
  handle(
    @MessageOrg() orgId: string,
    @Payload() message: IngestEventsMessage,
    @Ctx() context: RedisStreamsContext,
  ): Promise<IngestResultDto> {
    return this.ingest.ingest(orgId, message, context.getMessageId());
  }
}
