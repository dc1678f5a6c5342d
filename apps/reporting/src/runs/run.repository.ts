import { Injectable } from '@nestjs/common';
import { InjectModel } from '@nestjs/mongoose';
import type { MailKind, RunStatus } from '@vantage/contracts';
import { type Model, type QueryFilter, trusted } from 'mongoose';
import { MailDelivery, MailRun } from './run.schema';

const DUPLICATE_KEY = 11000;

/** Deliveries that still have to go out: never tried, interrupted, or failed for now. */
export const OPEN_DELIVERY_STATUSES = ['pending', 'sending', 'failed'] as const;

/** The only place that touches the run and delivery collections. */
@Injectable()
export class RunRepository {
  constructor(
    @InjectModel(MailRun.name) private readonly runs: Model<MailRun>,
    @InjectModel(MailDelivery.name) private readonly deliveries: Model<MailDelivery>,
  ) {}

  /** Inserts the run unless it exists; answers the stored one either way. */
  async createIfAbsent(run: MailRun): Promise<MailRun> {
    try {
      await this.runs.create(run);
      return run;
    } catch (error) {
      if (!isDuplicateKey(error)) throw error;
      const existing = await this.findById(run._id);
      if (!existing) throw error;
      return existing;
    }
  }

  findById(id: string): Promise<MailRun | null> {
    return this.runs.findById(id).lean<MailRun>().exec();
  }

  findOfOrg(orgId: string, id: string): Promise<MailRun | null> {
    return this.runs.findOne({ _id: id, orgId }).lean<MailRun>().exec();
  }

  /** Newest first; `before` is the `[startedAt, id]` of the last run of the previous page. */
  list(
    orgId: string,
    options: { kind?: MailKind; limit: number; before?: { startedAt: Date; id: string } },
  ): Promise<MailRun[]> {
    const filter: QueryFilter<MailRun> = { orgId };
    if (options.kind) filter.kind = options.kind;
    if (options.before) {
      filter.$or = [
        { startedAt: trusted({ $lt: options.before.startedAt }) },
        { startedAt: options.before.startedAt, _id: trusted({ $lt: options.before.id }) },
      ];
    }
    return this.runs
      .find(filter)
      .sort({ startedAt: -1, _id: -1 })
      .limit(options.limit)
      .lean<MailRun[]>()
      .exec();
  }

  /** Runs left running (interrupted, or going on elsewhere) or partial, started since `since`. */
  unfinished(since: Date): Promise<MailRun[]> {
    return this.runs
      .find({
        status: trusted({ $in: ['running', 'partial'] }),
        startedAt: trusted({ $gte: since }),
      })
      .sort({ startedAt: 1 })
      .limit(500)
      .lean<MailRun[]>()
      .exec();
  }

  async beginAttempt(id: string, now: Date): Promise<MailRun | null> {
    return this.runs
      .findOneAndUpdate(
        { _id: id },
        {
          $set: { status: 'running', updatedAt: now, finishedAt: null, resumeAfter: null },
          $inc: { attempts: 1 },
        },
        { returnDocument: 'after' },
      )
      .lean<MailRun>()
      .exec();
  }

  /** Stores what the run's mails are made of, unless an earlier attempt already did. */
  async setContentOnce(id: string, subject: string, content: unknown): Promise<MailRun | null> {
    await this.runs
      .updateOne({ _id: id, content: null }, { $set: { subject, content, updatedAt: new Date() } })
      .exec();
    return this.findById(id);
  }

  async finish(id: string, status: RunStatus, now: Date, resumeAfter: Date | null): Promise<void> {
    await this.runs
      .updateOne(
        { _id: id },
        {
          $set: {
            status,
            updatedAt: now,
            finishedAt: status === 'running' ? null : now,
            resumeAfter,
          },
        },
      )
      .exec();
  }

  /** Adds the deliveries the run does not have yet (by id); answers how many were added. */
  async addDeliveries(deliveries: readonly MailDelivery[]): Promise<number> {
    let added = 0;
    for (const delivery of deliveries) {
      try {
        await this.deliveries.create(delivery);
        added += 1;
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
      }
    }
    return added;
  }

  deliveriesOf(runId: string): Promise<MailDelivery[]> {
    return this.deliveries.find({ runId }).sort({ position: 1 }).lean<MailDelivery[]>().exec();
  }

  deliveriesOfRuns(runIds: readonly string[]): Promise<MailDelivery[]> {
    if (runIds.length === 0) return Promise.resolve([]);
    return this.deliveries
      .find({ runId: trusted({ $in: [...runIds] }) })
      .sort({ position: 1 })
      .lean<MailDelivery[]>()
      .exec();
  }

  /**
   * Takes a delivery for sending. Conditional on it still being open: a delivery already sent,
   * skipped or refused for good is never taken again, whoever asks.
   */
  claim(id: string, claimer: string, now: Date): Promise<MailDelivery | null> {
    return this.deliveries
      .findOneAndUpdate(
        { _id: id, status: trusted({ $in: [...OPEN_DELIVERY_STATUSES] }), permanent: false },
        { $set: { status: 'sending', claimedBy: claimer, claimedAt: now } },
        { returnDocument: 'after' },
      )
      .lean<MailDelivery>()
      .exec();
  }

  /** A failed attempt that will be retried: the delivery stays taken. */
  async recordAttempt(id: string, claimer: string, lastError: string): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id, status: 'sending', claimedBy: claimer },
        { $inc: { attempts: 1 }, $set: { lastError } },
      )
      .exec();
  }

  async markSent(id: string, claimer: string, now: Date): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id, status: 'sending', claimedBy: claimer },
        { $set: { status: 'sent', sentAt: now, lastError: null }, $inc: { attempts: 1 } },
      )
      .exec();
  }

  async markFailed(id: string, claimer: string, error: string, permanent: boolean): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id, status: 'sending', claimedBy: claimer },
        { $set: { status: 'failed', lastError: error, permanent }, $inc: { attempts: 1 } },
      )
      .exec();
  }

  async markSkipped(id: string, reason: string): Promise<void> {
    await this.deliveries
      .updateOne(
        { _id: id, status: trusted({ $in: [...OPEN_DELIVERY_STATUSES] }) },
        { $set: { status: 'skipped', lastError: reason } },
      )
      .exec();
  }
}

function isDuplicateKey(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === DUPLICATE_KEY;
}
