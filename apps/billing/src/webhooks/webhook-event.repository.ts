import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { WebhookEvent } from './webhook-event.schema';

const DUPLICATE_KEY = 11000;

export interface NewWebhookEvent {
  readonly id: string;
  readonly type: string;
  readonly eventCreated: Date;
  readonly payload: string;
}

/** The only place that touches stored webhook events. */
@Injectable()
export class WebhookEventRepository {
  constructor(@InjectModel(WebhookEvent.name) private readonly events: Model<WebhookEvent>) {}

  find(id: string): Promise<WebhookEvent | null> {
    return this.events.findById(id).lean<WebhookEvent>().exec();
  }

  /** false when the event was stored before (a redelivery). */
  async insertReceived(event: NewWebhookEvent, now: Date): Promise<boolean> {
    try {
      await this.events.create({
        _id: event.id,
        type: event.type,
        eventCreated: event.eventCreated,
        payload: event.payload,
        status: 'received',
        attempts: 0,
        completions: 0,
        lastError: null,
        nextAttemptAt: null,
        lockedUntil: null,
        processedBy: null,
        receivedAt: now,
        processedAt: null,
        failedAt: null,
        replays: 0,
      });
      return true;
    } catch (error) {
      if ((error as { code?: unknown } | null)?.code === DUPLICATE_KEY) return false;
      throw error;
    }
  }

  /**
   * Takes the event for processing if it is waiting (received, due for a retry) or its holder's
   * lease ran out; at most one caller gets it. The event as taken, or null.
   */
  claim(id: string, now: Date, leaseMs: number, by: string): Promise<WebhookEvent | null> {
    return this.events
      .findOneAndUpdate(
        {
          _id: id,
          $or: [
            { status: trusted({ $in: ['received', 'retrying'] }) },
            { status: 'processing', lockedUntil: trusted({ $lte: now }) },
          ],
        },
        {
          $set: {
            status: 'processing',
            lockedUntil: new Date(now.getTime() + leaseMs),
            processedBy: by,
          },
          $inc: { attempts: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<WebhookEvent>()
      .exec();
  }

  /** Ends processing as `status`, if this holder still holds the event. */
  async finish(
    id: string,
    by: string,
    outcome:
      | { status: 'processed' | 'ignored' }
      | { status: 'retrying'; error: string; nextAttemptAt: Date }
      | { status: 'failed'; error: string },
    now: Date,
  ): Promise<void> {
    const set: Partial<WebhookEvent> =
      outcome.status === 'retrying'
        ? { status: 'retrying', lastError: outcome.error, nextAttemptAt: outcome.nextAttemptAt }
        : outcome.status === 'failed'
          ? { status: 'failed', lastError: outcome.error, failedAt: now, nextAttemptAt: null }
          : { status: outcome.status, processedAt: now, nextAttemptAt: null };
    await this.events
      .updateOne(
        { _id: id, status: 'processing', processedBy: by },
        {
          $set: { ...set, lockedUntil: null },
          ...(outcome.status === 'processed' || outcome.status === 'ignored'
            ? { $inc: { completions: 1 } }
            : {}),
        },
      )
      .exec();
  }

  /**
   * Events to queue (again): retries that are due, events received but never picked up, and
   * events whose processing replica vanished (lease over).
   */
  due(now: Date, receivedBefore: Date, limit: number): Promise<WebhookEvent[]> {
    const filter: QueryFilter<WebhookEvent> = {
      $or: [
        { status: 'retrying', nextAttemptAt: trusted({ $lte: now }) },
        { status: 'received', receivedAt: trusted({ $lte: receivedBefore }) },
        { status: 'processing', lockedUntil: trusted({ $lte: now }) },
      ],
    };
    return this.events.find(filter, { payload: 0 }).limit(limit).lean<WebhookEvent[]>().exec();
  }

  /** The dead-letter list, most recently failed first; `after` is the last (failedAt, id) seen. */
  failedPage(limit: number, after: { failedAt: Date; id: string } | null): Promise<WebhookEvent[]> {
    const filter: QueryFilter<WebhookEvent> = after
      ? {
          status: 'failed',
          $or: [
            { failedAt: trusted({ $lt: after.failedAt }) },
            { failedAt: after.failedAt, _id: trusted({ $lt: after.id }) },
          ],
        }
      : { status: 'failed' };
    return this.events
      .find(filter, { payload: 0 })
      .sort({ failedAt: -1, _id: -1 })
      .limit(limit)
      .lean<WebhookEvent[]>()
      .exec();
  }

  /** Puts a failed event back in line with a fresh set of attempts; false if it was not failed. */
  async requeueFailed(id: string, now: Date): Promise<boolean> {
    const result = await this.events
      .updateOne(
        { _id: id, status: 'failed' },
        {
          $set: { status: 'retrying', attempts: 0, nextAttemptAt: now, failedAt: null },
          $inc: { replays: 1 },
        },
      )
      .exec();
    return result.modifiedCount === 1;
  }
}
