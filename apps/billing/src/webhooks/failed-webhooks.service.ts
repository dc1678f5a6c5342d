import { Injectable } from '@nestjs/common';
import {
  type FailedWebhookDto,
  type FailedWebhookListDto,
  type FailedWebhookListQueryDto,
  type ReplayFailedWebhooksResultDto,
  ValidationFailedError,
} from '@vantage/contracts';
import { BillingMessaging } from '../messaging/billing-messaging';
import type { WebhookEvent } from './webhook-event.schema';
import { WebhookEventRepository } from './webhook-event.repository';

/** The failed (dead-letter) list of webhook events, for operators to read and replay. */
@Injectable()
export class FailedWebhooksService {
  constructor(
    private readonly events: WebhookEventRepository,
    private readonly messaging: BillingMessaging,
  ) {}

  async list(query: FailedWebhookListQueryDto): Promise<FailedWebhookListDto> {
    const limit = query.limit ?? 50;
    const page = await this.events.failedPage(limit + 1, decodeCursor(query.after));
    const items = page.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toDto),
      next: page.length > limit && last?.failedAt ? encodeCursor(last.failedAt, last._id) : null,
    };
  }

  /** Each failed event gets a fresh set of attempts and is queued now. */
  async replay(eventIds: readonly string[]): Promise<ReplayFailedWebhooksResultDto> {
    const replayed: string[] = [];
    const notFailed: string[] = [];
    for (const id of eventIds) {
      if (await this.events.requeueFailed(id, new Date())) {
        await this.messaging.processWebhook(id);
        replayed.push(id);
      } else notFailed.push(id);
    }
    return { replayed, notFailed };
  }
}

function toDto(event: WebhookEvent): FailedWebhookDto {
  return {
    eventId: event._id,
    type: event.type,
    eventCreated: event.eventCreated.toISOString(),
    receivedAt: event.receivedAt.toISOString(),
    attempts: event.attempts,
    lastError: event.lastError,
    failedAt: event.failedAt?.toISOString() ?? null,
  };
}

function encodeCursor(failedAt: Date, id: string): string {
  return Buffer.from(`${failedAt.getTime()}:${id}`).toString('base64url');
}

function decodeCursor(after: string | undefined): { failedAt: Date; id: string } | null {
  if (after === undefined) return null;
  const [ms, id] = Buffer.from(after, 'base64url').toString().split(/:(.*)/s, 2);
  const time = Number(ms);
  if (!id || !/^\d+$/.test(ms ?? '') || !Number.isSafeInteger(time)) {
    throw new ValidationFailedError('after is not a cursor of this list');
  }
  return { failedAt: new Date(time), id };
}
