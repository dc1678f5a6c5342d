import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import {
  DUNNING_MAIL_REQUESTED_EVENT,
  type DunningMailRequestedEvent,
  PLAN_CHANGED_EVENT,
  type PlanChangedEvent,
} from '@vantage/contracts';
import type { Logger } from '@vantage/observability';
import { emitOnlyClient, SERVICE_LOGGER } from '@vantage/service-runtime';
import type { RedisStreamsClient } from '@vantage/transport';
import { lastValueFrom } from 'rxjs';
import { BillingConfig } from '../config/billing.config';
import { WEBHOOK_PROCESS_EVENT, type WebhookProcessEvent } from '../webhooks/webhook-process.event';

/**
 * Every message billing sends: plan changes to every gateway, dunning mail requests to
 * reporting, and its own webhook processing queue. Each resolves once Redis stored it.
 */
@Injectable()
export class BillingMessaging implements OnApplicationShutdown {
  private readonly client: RedisStreamsClient;

  constructor(config: BillingConfig, @Inject(SERVICE_LOGGER) logger: Logger) {
    this.client = emitOnlyClient(config, 'billing', logger);
  }

  planChanged(event: PlanChangedEvent): Promise<void> {
    return this.emit(PLAN_CHANGED_EVENT, event);
  }

  dunningMail(event: DunningMailRequestedEvent): Promise<void> {
    return this.emit(DUNNING_MAIL_REQUESTED_EVENT, event);
  }

  /** Queues a stored webhook event for processing by one billing replica. */
  processWebhook(eventId: string): Promise<void> {
    const event: WebhookProcessEvent = { eventId };
    return this.emit(WEBHOOK_PROCESS_EVENT, event);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }

  private async emit(pattern: string, payload: unknown): Promise<void> {
    await lastValueFrom(this.client.emit(pattern, payload), { defaultValue: undefined });
  }
}
