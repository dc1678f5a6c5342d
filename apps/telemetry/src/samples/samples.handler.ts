import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  IngestSamplesMessage,
  type SampleIngestResultDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
} from '@vantage/contracts';
import { MessageOrg } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { SamplesService } from './samples.service';

/** Transport entry point of sample ingest; the org comes from the envelope, never the payload. */
@Controller()
export class SamplesHandler {
  constructor(private readonly samples: SamplesService) {}

  @MessagePattern(TELEMETRY_SAMPLES_INGEST_PATTERN)
  ingest(
    @MessageOrg() orgId: string,
    @Payload() message: IngestSamplesMessage,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SampleIngestResultDto> {
    return this.samples.ingest(orgId, message, context.getMessageId());
  }
}
