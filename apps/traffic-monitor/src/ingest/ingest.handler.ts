import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern } from '@nestjs/microservices';
import {
  IngestEventsMessage,
  type IngestResultDto,
  TRAFFIC_INGEST_PATTERN,
} from '@vantage/contracts';
import { MessageOrg, RawPayload, validateShallowly } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { IngestService } from './ingest.service';

/** Transport entry point of ingestion; the org comes from the envelope, never the payload. */
@Controller()
export class IngestHandler {
  constructor(private readonly ingest: IngestService) {}

  /**
   * `@RawPayload()`: the global pipe would deep-copy and walk all (up to 5,000) events before
   * IngestService checks each one again by hand, as it must to answer per index. Here only the
   * envelope goes through the DTO's rules ({events: 1 to 5,000 objects, idempotencyKey?}, no
   * other field), with the pipe's errors; the events themselves are validateEvent's job.
   */
  @MessagePattern(TRAFFIC_INGEST_PATTERN)
  async handle(
    @MessageOrg() orgId: string,
    @RawPayload() payload: unknown,
    @Ctx() context: RedisStreamsContext,
  ): Promise<IngestResultDto> {
    const message = validateShallowly(IngestEventsMessage, payload);
    return this.ingest.ingest(orgId, message, context.getMessageId());
  }
}
