import { Inject, Injectable, OnApplicationBootstrap } from '@nestjs/common';
import type { Logger } from '@vantage/observability';
import {
  JobScheduler,
  RedisLocks,
  SERVICE_IDENTITY,
  SERVICE_LOGGER,
} from '@vantage/service-runtime';
import type { ServiceIdentity } from '@vantage/service-runtime';
import type Stripe from 'stripe';
import { BillingConfig } from '../config/billing.config';
import { BillingMessaging } from '../messaging/billing-messaging';
import { BillingMetrics } from '../metrics/billing.metrics';
import { WebhookEventRepository } from './webhook-event.repository';
import { StripeEventRouter } from './stripe-event-router';

const SWEEP_BATCH = 200;

/**
 * Processes stored webhook events: one holder at a time per event (a lease, so a replica that
 * dies mid-event is taken over), failures retried with exponential backoff by a sweep that runs
 * on one replica, and the last failure put on the failed (dead-letter) list.
 */
@Injectable()
export class WebhookProcessorService implements OnApplicationBootstrap {
  constructor(
    private readonly config: BillingConfig,
    private readonly events: WebhookEventRepository,
    private readonly router: StripeEventRouter,
    private readonly messaging: BillingMessaging,
    private readonly jobs: JobScheduler,
    private readonly metrics: BillingMetrics,
    private readonly locks: RedisLocks,
    @Inject(SERVICE_IDENTITY) private readonly identity: ServiceIdentity,
    @Inject(SERVICE_LOGGER) private readonly logger: Logger,
  ) {}

  onApplicationBootstrap(): void {
    const interval = this.config.WEBHOOK_SWEEP_INTERVAL_MS;
    if (interval > 0)
      this.jobs.schedule('webhook-retries', interval, async () => {
        await this.sweep(new Date());
      });
  }

  /**
   * One replica at a time per event: a Redis lock first (the database alone cannot settle the
   * race on every MongoDB-compatible server), then the stored status decides whether to run.
   */
  async process(eventId: string): Promise<void> {
    const lease = this.config.WEBHOOK_PROCESSING_LEASE_MS;
    const token = await this.locks.tryAcquire(`webhook:${eventId}`, lease);
    if (token === null) return; // another replica has it; its outcome decides what follows
    try {
      await this.processHoldingLock(eventId);
    } finally {
      await this.locks.release(`webhook:${eventId}`, token).catch(() => undefined);
    }
  }

  private async processHoldingLock(eventId: string): Promise<void> {
    const now = new Date();
    const holder = this.identity.instanceId;
    const claimed = await this.events.claim(
      eventId,
      now,
      this.config.WEBHOOK_PROCESSING_LEASE_MS,
      holder,
    );
    if (claimed === null) return; // done, held by another replica, or failed
    const event = JSON.parse(claimed.payload) as Stripe.Event;
    try {
      const outcome = await this.router.route(event);
      await this.events.finish(eventId, holder, { status: outcome }, new Date());
      this.metrics.webhook(outcome, event.type);
    } catch (error) {
      const message = errorText(error);
      if (claimed.attempts >= this.config.WEBHOOK_MAX_ATTEMPTS) {
        await this.events.finish(eventId, holder, { status: 'failed', error: message }, new Date());
        this.metrics.webhook('failed', event.type);
        this.logger.error(
          { eventId, type: event.type, attempts: claimed.attempts, detail: message },
          'webhook event failed for good: on the failed list',
        );
        return;
      }
      const backoff = this.config.WEBHOOK_RETRY_BASE_MS * 2 ** (claimed.attempts - 1);
      await this.events.finish(
        eventId,
        holder,
        { status: 'retrying', error: message, nextAttemptAt: new Date(Date.now() + backoff) },
        new Date(),
      );
      this.metrics.webhook('retrying', event.type);
      this.logger.warn(
        {
          eventId,
          type: event.type,
          attempts: claimed.attempts,
          retryInMs: backoff,
          detail: message,
        },
        'webhook event processing failed; will retry',
      );
    }
  }

  /** Queues what is due; returns how many. */
  async sweep(now: Date): Promise<number> {
    const receivedBefore = new Date(now.getTime() - 2 * this.config.WEBHOOK_SWEEP_INTERVAL_MS);
    const due = await this.events.due(now, receivedBefore, SWEEP_BATCH);
    for (const event of due) await this.messaging.processWebhook(event._id);
    return due.length;
  }
}

function errorText(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return text.slice(0, 1000);
}
