import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, Payload } from '@nestjs/microservices';
import {
  GATEWAY_USAGE_RECORDED_EVENT,
  GatewayUsageRecordedEvent,
  UnauthorizedError,
} from '@vantage/contracts';
import { eventEnvelope } from '../shared/event-envelope';
import { UsageService } from './usage.service';

/**
 * The gateway's usage events (one per org and flush; the org is the envelope's). A batch is
 * counted once: the transport drops a duplicate it has seen, and each hour bucket remembers
 * the message ids applied to it.
 */
@Controller()
export class UsageHandler {
  constructor(private readonly usage: UsageService) {}

  @EventPattern(GATEWAY_USAGE_RECORDED_EVENT)
  record(@Payload() event: GatewayUsageRecordedEvent, @Ctx() context: unknown): Promise<void> {
    const { orgId, messageId } = eventEnvelope(context);
    if (!orgId) throw new UnauthorizedError('a usage event must carry its organisation');
    return this.usage.record(orgId, event.records, messageId);
  }
}
