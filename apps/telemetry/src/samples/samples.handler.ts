import { Controller } from '@nestjs/common';
import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import {
  IngestSamplesMessage,
  type Plan,
  type SampleIngestResultDto,
  TELEMETRY_SAMPLES_INGEST_PATTERN,
} from '@vantage/contracts';
import { MessageOrg, MessagePlan } from '@vantage/service-runtime';
import { RedisStreamsContext } from '@vantage/transport';
import { SamplesService } from './samples.service';

/** Transport entry point of sample ingest; the org comes from the envelope, never the payload. */
@Controller()
export class SamplesHandler {
  constructor(private readonly samples: SamplesService) {}

  @MessagePattern(TELEMETRY_SAMPLES_INGEST_PATTERN)
  ingest(
    @MessageOrg() orgId: string,
    @MessagePlan() plan: Plan,
    @Payload() message: IngestSamplesMessage,
    @Ctx() context: RedisStreamsContext,
  ): Promise<SampleIngestResultDto> {
    return this.samples.ingest(orgId, plan, message, context.getMessageId());
  }
}
