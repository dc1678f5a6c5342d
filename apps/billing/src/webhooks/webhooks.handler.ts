import { Controller } from '@nestjs/common';
import { Ctx, EventPattern, MessagePattern, Payload } from '@nestjs/microservices';
import {
  BILLING_WEBHOOK_PATTERNS,
  type FailedWebhookListDto,
  FailedWebhookListQueryDto,
  ReplayFailedWebhooksDto,
  type ReplayFailedWebhooksResultDto,
  type StripeWebhookReceiptDto,
  StripeWebhookMessage,
} from '@vantage/contracts';
import { RedisStreamsContext } from '@vantage/transport';
import { BillingConfig } from '../config/billing.config';
import { assertOperator } from '../metrics/operator-access';
import { FailedWebhooksService } from './failed-webhooks.service';
import { WEBHOOK_PROCESS_EVENT, WebhookProcessEvent } from './webhook-process.event';
import { WebhookProcessorService } from './webhook-processor.service';
import { WebhookReceiverService } from './webhook-receiver.service';

/** Stripe webhooks over the transport: receipt (from the gateway), processing, the failed list. */
@Controller()
export class WebhooksHandler {
  constructor(
    private readonly config: BillingConfig,
    private readonly receiver: WebhookReceiverService,
    private readonly processor: WebhookProcessorService,
    private readonly failed: FailedWebhooksService,
  ) {}

  @MessagePattern(BILLING_WEBHOOK_PATTERNS.receive)
  receive(@Payload() message: StripeWebhookMessage): Promise<StripeWebhookReceiptDto> {
    return this.receiver.receive(message.payload, message.signature);
  }

  @EventPattern(WEBHOOK_PROCESS_EVENT)
  process(@Payload() event: WebhookProcessEvent): Promise<void> {
    return this.processor.process(event.eventId);
  }

  @MessagePattern(BILLING_WEBHOOK_PATTERNS.listFailed)
  listFailed(
    @Payload() query: FailedWebhookListQueryDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<FailedWebhookListDto> {
    assertOperator(this.config, context);
    return this.failed.list(query);
  }

  @MessagePattern(BILLING_WEBHOOK_PATTERNS.replayFailed)
  replayFailed(
    @Payload() body: ReplayFailedWebhooksDto,
    @Ctx() context: RedisStreamsContext,
  ): Promise<ReplayFailedWebhooksResultDto> {
    assertOperator(this.config, context);
    return this.failed.replay(body.eventIds);
  }
}
